using System.Buffers;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Oscp.Journal;

/// <summary>
/// Turns a journal entry's raw body into the text the journal keeps: every value of a property that can hold a
/// secret (<c>token</c> and the OAuth names) replaced by <see cref="Redacted"/>, at any depth; a body that is not
/// readable JSON is kept as text unless it is a Register (which carries a token), then withheld. A body that cannot
/// hold a secret at all (the usual forecast or heartbeat) is kept byte for byte as received, without being parsed.
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

    // The secret names as lowercase UTF-8, for the search of a body kept as received.
    private static readonly byte[][] SecretNamesUtf8 = [.. SecretNames.Select(n => Encoding.UTF8.GetBytes(n.ToLowerInvariant()))];

    /// <summary>The body's text for the journal and the top-level <c>group_id</c> it names, if any.</summary>
    /// <param name="message">The message name (<c>register</c> bodies that cannot be read are withheld).</param>
    /// <param name="body">The first bytes of the body.</param>
    /// <param name="truncated">The body was longer than <paramref name="body"/>.</param>
    public static (string Text, string? GroupId) Prepare(string message, ReadOnlySpan<byte> body, bool truncated)
    {
        if (body.IsEmpty) return ("", null);
        if (AsReceived(message, body, truncated)) return (Encoding.UTF8.GetString(body), GroupIdPrefix(body));
        if (!truncated && TryRedact(body, out var text, out var groupId)) return (text, groupId);
        // Not JSON we can read whole (cut, or malformed): anything might sit anywhere in it.
        if (MayCarrySecret(message) || ContainsSecretName(body)) return (Withheld, GroupIdPrefix(body));
        var raw = Encoding.UTF8.GetString(body);
        return (truncated ? raw + TruncatedMark : raw, GroupIdPrefix(body));
    }

    /// <summary>
    /// The UTF-8 of what <see cref="Prepare"/> answers, and the group id: a body kept as received (the usual case: see
    /// <see cref="AsReceived"/>) is answered as it is, without a copy.
    /// </summary>
    public static (ReadOnlyMemory<byte> Utf8, string? GroupId) PrepareUtf8(string message, ReadOnlyMemory<byte> body, bool truncated)
    {
        if (!body.IsEmpty && AsReceived(message, body.Span, truncated)) return (body, GroupIdPrefix(body.Span));
        var (text, groupId) = Prepare(message, body.Span, truncated);
        return (Encoding.UTF8.GetBytes(text), groupId);
    }

    /// <summary>
    /// A whole body that cannot hold a secret is kept byte for byte as received: not a Register, plain ASCII without a
    /// backslash (so no property name can be escaped or case-folded past the check), and none of the secret names
    /// anywhere in it, in any case. Any other body is read as JSON and its secrets redacted.
    /// </summary>
    private static bool AsReceived(string message, ReadOnlySpan<byte> body, bool truncated)
    {
        if (truncated || MayCarrySecret(message) || !Ascii.IsValid(body) || body.Contains((byte)'\\')) return false;
        var lower = ArrayPool<byte>.Shared.Rent(body.Length);
        try
        {
            Ascii.ToLower(body, lower, out var written);
            var text = lower.AsSpan(0, written);
            foreach (var name in SecretNamesUtf8)
            {
                if (text.IndexOf(name) >= 0) return false;
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(lower);
        }
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
