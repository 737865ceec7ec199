using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Oscp.Journal;

/// <summary>
/// Turns a journal entry's raw body into the text the journal keeps: every value of a property that can hold a
/// secret (<c>token</c> and the OAuth names) replaced by <see cref="Redacted"/>, at any depth; a body that is not
/// readable JSON is kept as text unless it is a Register (which carries a token), then withheld.
/// </summary>
public static class JournalBodies
{
    /// <summary>The most bytes of a body the journal keeps (16 KiB; a longer body is cut and marked).</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>What replaces a secret.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>The text of a body that could not be read and may hold a secret.</summary>
    public const string Withheld = "[withheld: not readable JSON, and this message can carry a token]";

    /// <summary>Appended to a body cut at <see cref="MaxBodyBytes"/>.</summary>
    public const string TruncatedMark = "…[truncated]";

    private static readonly HashSet<string> SecretNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "token", "access_token", "refresh_token", "id_token", "client_secret", "password", "secret", "authorization",
    };

    /// <summary>The body's text for the journal and the top-level <c>group_id</c> it names, if any.</summary>
    /// <param name="message">The message name (<c>register</c> bodies that cannot be read are withheld).</param>
    /// <param name="body">The first bytes of the body.</param>
    /// <param name="truncated">The body was longer than <paramref name="body"/>.</param>
    public static (string Text, string? GroupId) Prepare(string message, ReadOnlySpan<byte> body, bool truncated)
    {
        if (body.IsEmpty) return ("", null);
        if (!truncated && TryRedact(body, out var text, out var groupId)) return (text, groupId);
        // Not JSON we can read whole (cut, or malformed): anything might sit anywhere in it.
        if (MayCarrySecret(message) || ContainsSecretName(body)) return (Withheld, GroupIdPrefix(body));
        var raw = Encoding.UTF8.GetString(body);
        return (truncated ? raw + TruncatedMark : raw, GroupIdPrefix(body));
    }

    private static bool MayCarrySecret(string message) => string.Equals(message, "register", StringComparison.OrdinalIgnoreCase);

    private static bool ContainsSecretName(ReadOnlySpan<byte> body)
    {
        var text = Encoding.UTF8.GetString(body);
        return SecretNames.Any(name => text.Contains($"\"{name}\"", StringComparison.OrdinalIgnoreCase));
    }

    private static bool TryRedact(ReadOnlySpan<byte> body, out string text, out string? groupId)
    {
        text = "";
        groupId = null;
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("group_id", out var group) && group.ValueKind == JsonValueKind.String)
                groupId = group.GetString();
            var output = new ArrayBufferWriter<byte>(body.Length + 64);
            using (var writer = new Utf8JsonWriter(output))
            {
                Write(writer, root);
            }

            text = Encoding.UTF8.GetString(output.WrittenSpan);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    if (SecretNames.Contains(property.Name) && property.Value.ValueKind != JsonValueKind.Null) writer.WriteStringValue(Redacted);
                    else Write(writer, property.Value);
                }

                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    /// <summary>The top-level <c>group_id</c> of a body that cannot be parsed whole (cut short): read as far as it goes.</summary>
    private static string? GroupIdPrefix(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body, isFinalBlock: false, default);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndObject || reader.CurrentDepth != 1) return null;
                if (reader.TokenType != JsonTokenType.PropertyName) return null;
                var isGroup = reader.ValueTextEquals("group_id"u8);
                if (!reader.Read()) return null;
                if (isGroup) return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip()) return null;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }
}
