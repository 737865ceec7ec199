using System.Text.Json;
using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Json;

/// <summary>Reads and writes <see cref="DateTimeOffset"/> per <see cref="Rfc3339"/>: any offset in, UTC <c>Z</c> out, no offset rejected.</summary>
public sealed class Rfc3339DateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a date-time string but found {reader.TokenType}; a date-time {Rfc3339.Requirement}.");
        }

        // The common case, an unescaped value in one segment, is parsed where it stands; anything else as a string.
        if (!reader.HasValueSequence && !reader.ValueIsEscaped && Rfc3339.TryParseUtf8(reader.ValueSpan, out var direct))
        {
            return direct;
        }

        var text = reader.GetString();
        if (!Rfc3339.TryParse(text, out var value))
        {
            var shown = text is { Length: > 40 } ? text[..40] + "…" : text;
            throw new JsonException(
                $"'{shown}' is not accepted: a date-time {Rfc3339.Requirement} (e.g. 2026-11-26T12:00:00Z or 2026-11-27T01:00:00+13:00).");
        }

        return value;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<char> text = stackalloc char[32];
        if (Rfc3339.TryFormat(value, text, out var written)) writer.WriteStringValue(text[..written]);
        else writer.WriteStringValue(Rfc3339.Format(value));
    }
}
