using System.Text;
using System.Text.Json;
using CsCheck;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Oscp.Tests.Journal;

/// <summary>
/// The journal never keeps a secret, however the body spells the property that holds it (any case, escaped, a
/// character that folds to ASCII), and a body that cannot hold one is kept byte for byte as received.
/// </summary>
public sealed class JournalBodiesProperties
{
    // Names as a body may spell them: secret ones in other cases, escaped, or with a character that case-folds to ASCII.
    private static readonly string[] Names =
    [
        "group_id", "capacity", "phase", "tokens_left", "note",
        "token", "TOKEN", "Access_Token", "client_secret", "Password", "authorization",
        "\\u0074oken", "secr\\u0065t", "cl\u0131ent_secret", "pa\u017Fsword",
    ];

    // Each value is unique in its body, so a value found in the journal's text is that property's.
    private static readonly Gen<string> GenBody =
        Gen.Select(Gen.Int[0, Names.Length - 1].Array[0, 8], Gen.Int[0, Names.Length - 1].Array[0, 4], Gen.Bool).Select((outer, inner, nested) =>
        {
            var n = 0;
            var properties = outer.Select(i => $"\"{Names[i]}\":\"v-{n++}-\"").ToList();
            if (nested) properties.Add("\"blocks\":[{" + string.Join(",", inner.Select(i => $"\"{Names[i]}\":\"v-{n++}-\"")) + "}]");
            return "{" + string.Join(",", properties) + "}";
        });

    [Fact]
    public void No_secret_survives_and_a_body_without_one_is_kept_as_received()
    {
        GenBody.Sample(body =>
        {
            var utf8 = Encoding.UTF8.GetBytes(body);
            var (text, _) = JournalBodies.Prepare("update_group_capacity_forecast", utf8, truncated: false);
            var (kept, _) = JournalBodies.PrepareUtf8("update_group_capacity_forecast", utf8, truncated: false);

            Assert.Equal(text, Encoding.UTF8.GetString(kept.Span));
            var secrets = SecretValues(body).ToList();
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            if (secrets.Count == 0 && !body.Contains('\\', StringComparison.Ordinal) && !body.Any(c => c > 127)) Assert.Equal(body, text);
        });
    }

    // The values of every property whose name, as JSON reads it, is a secret name (the rule the journal applies).
    private static IEnumerable<string> SecretValues(string body)
    {
        using var document = JsonDocument.Parse(body);
        var secret = new HashSet<string>(["token", "access_token", "refresh_token", "id_token", "client_secret", "password", "secret", "authorization"], StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<JsonElement>([document.RootElement]);
        while (pending.TryPop(out var element))
        {
            if (element.ValueKind == JsonValueKind.Array) foreach (var item in element.EnumerateArray()) pending.Push(item);
            if (element.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in element.EnumerateObject())
            {
                if (secret.Contains(property.Name) && property.Value.ValueKind == JsonValueKind.String) yield return property.Value.GetString()!;
                else pending.Push(property.Value);
            }
        }
    }
}
