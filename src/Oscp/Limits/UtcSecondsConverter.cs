using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Times in limit documents: written as UTC <c>Z</c> in whole seconds (<c>2026-11-26T12:00:00Z</c>),
/// the sub-second part dropped so every time a CSMS sees lines up with the whole-second OCPP
/// periods; read from any RFC 3339 time with an offset (<see cref="Rfc3339"/>).
/// </summary>
public sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // The common case, an unescaped value in one segment, is parsed where it stands; anything else as a string.
        DateTimeOffset value = default;
        var ok = reader.TokenType == JsonTokenType.String && (!reader.ValueIsEscaped && !reader.HasValueSequence
            ? Rfc3339.TryParseUtf8(reader.ValueSpan, out value)
            : Rfc3339.TryParse(reader.GetString(), out value));
        return ok ? value : throw new JsonException($"A time {Rfc3339.Requirement}, e.g. 2026-11-26T12:00:00Z.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        Span<byte> text = stackalloc byte[20];
        var ok = LimitDocuments.WholeSeconds(value).UtcDateTime.TryFormat(text, out var written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture);
        writer.WriteStringValue(ok ? text[..written] : throw new JsonException($"{value:O} cannot be written as a whole-second UTC time"));
    }
}
