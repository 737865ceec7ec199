using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// The two elements a limit document repeats a hundred times or more (<see cref="LimitDocumentInterval"/> in its
/// schedule, <see cref="ChargingSchedulePeriod"/> in each station's profile), written and read field by field with
/// exactly the JSON the generated code gave them: the same names in the same order, the same numbers and times, unknown
/// properties skipped, a missing one refused. The generated reader builds each record through a constructor argument
/// cache (several objects per element); a CSMS reading a 96-entry document paid for that more than for anything else.
/// </summary>
internal static class LimitDocumentElements
{
    private static readonly (byte[] Name, LimitReason Value)[] Reasons = WireNames.Of<LimitReason>();

    public static void WriteReason(Utf8JsonWriter writer, ReadOnlySpan<byte> name, LimitReason reason)
    {
        foreach (var (text, value) in Reasons)
        {
            if (value == reason)
            {
                writer.WriteString(name, text);
                return;
            }
        }

        throw new JsonException($"{reason} has no wire name");
    }

    public static LimitReason ReadReason(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var (text, value) in Reasons)
            {
                if (reader.ValueTextEquals(text)) return value;
            }
        }

        throw new JsonException($"'{(reader.TokenType == JsonTokenType.String ? reader.GetString() : reader.TokenType.ToString())}' is not a limit source");
    }

    public static void Missing(string type, string property) => throw new JsonException($"{type}: '{property}' is required");

    public static void ExpectStartObject(ref Utf8JsonReader reader, string type)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"{type}: expected an object, found {reader.TokenType}");
    }
}

/// <summary>A <see cref="LimitDocumentInterval"/>: <c>{"from","to","kw","source"}</c>; see <see cref="LimitDocumentElements"/>.</summary>
public sealed class LimitDocumentIntervalConverter : JsonConverter<LimitDocumentInterval>
{
    private static readonly UtcSecondsConverter Times = new();

    /// <inheritdoc />
    public override LimitDocumentInterval Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        LimitDocumentElements.ExpectStartObject(ref reader, nameof(LimitDocumentInterval));
        DateTimeOffset? from = null, to = null;
        double? kw = null;
        LimitReason? source = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("from"u8)) { reader.Read(); from = Times.Read(ref reader, typeof(DateTimeOffset), options); }
            else if (reader.ValueTextEquals("to"u8)) { reader.Read(); to = Times.Read(ref reader, typeof(DateTimeOffset), options); }
            else if (reader.ValueTextEquals("kw"u8)) { reader.Read(); kw = reader.GetDouble(); }
            else if (reader.ValueTextEquals("source"u8)) { reader.Read(); source = LimitDocumentElements.ReadReason(ref reader); }
            else { reader.Read(); reader.Skip(); }
        }

        if (from is null) LimitDocumentElements.Missing(nameof(LimitDocumentInterval), "from");
        if (to is null) LimitDocumentElements.Missing(nameof(LimitDocumentInterval), "to");
        if (kw is null) LimitDocumentElements.Missing(nameof(LimitDocumentInterval), "kw");
        if (source is null) LimitDocumentElements.Missing(nameof(LimitDocumentInterval), "source");
        return new LimitDocumentInterval(from!.Value, to!.Value, kw!.Value, source!.Value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, LimitDocumentInterval value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("from"u8);
        Times.Write(writer, value.From, options);
        writer.WritePropertyName("to"u8);
        Times.Write(writer, value.To, options);
        writer.WriteNumber("kw"u8, value.Kw);
        LimitDocumentElements.WriteReason(writer, "source"u8, value.Source);
        writer.WriteEndObject();
    }
}

/// <summary>A <see cref="ChargingSchedulePeriod"/>: <c>{"startPeriod","limit"}</c>; see <see cref="LimitDocumentElements"/>.</summary>
public sealed class ChargingSchedulePeriodConverter : JsonConverter<ChargingSchedulePeriod>
{
    /// <inheritdoc />
    public override ChargingSchedulePeriod Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        LimitDocumentElements.ExpectStartObject(ref reader, nameof(ChargingSchedulePeriod));
        int? startPeriod = null;
        double? limit = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("startPeriod"u8)) { reader.Read(); startPeriod = reader.GetInt32(); }
            else if (reader.ValueTextEquals("limit"u8)) { reader.Read(); limit = reader.GetDouble(); }
            else { reader.Read(); reader.Skip(); }
        }

        if (startPeriod is null) LimitDocumentElements.Missing(nameof(ChargingSchedulePeriod), "startPeriod");
        if (limit is null) LimitDocumentElements.Missing(nameof(ChargingSchedulePeriod), "limit");
        return new ChargingSchedulePeriod(startPeriod!.Value, limit!.Value);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ChargingSchedulePeriod value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("startPeriod"u8, value.StartPeriod);
        writer.WriteNumber("limit"u8, value.Limit);
        writer.WriteEndObject();
    }
}
