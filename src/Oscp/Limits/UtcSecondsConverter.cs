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
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return Rfc3339.TryParse(text, out var value)
            ? value
            : throw new JsonException($"A time {Rfc3339.Requirement}, e.g. 2026-11-26T12:00:00Z.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(LimitDocuments.WholeSeconds(value).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture));
}
