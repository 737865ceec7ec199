using System.Text.Json;
using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// Writes and reads <see cref="ScheduledLimit"/> and <see cref="TimelineBlock"/> field by field, in the shape
/// System.Text.Json gave them as classes: the same property names under the options' naming policy, in the same order,
/// the request id written as null unless the options ignore nulls; names read in any case. The default converter boxes
/// a struct on every write and passes the constructor's arguments through an object array on every read.
/// </summary>
internal static class IntervalJson
{
    public const int Start = 0, End = 1, Kw = 2, Source = 3, RequestId = 4, Other = -1;

    private static readonly string[] Pascal = ["Start", "End", "Kw", "Source", "RequestId"];
    private static readonly JsonEncodedText[] PascalText = [.. Pascal.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText[] CamelText = [.. Pascal.Select(n => JsonEncodedText.Encode(JsonNamingPolicy.CamelCase.ConvertName(n)))];

    /// <summary>A property's name under the options' naming policy (none and camelCase without allocating).</summary>
    public static JsonEncodedText Name(JsonSerializerOptions options, int property) =>
        options.PropertyNamingPolicy is null ? PascalText[property]
        : ReferenceEquals(options.PropertyNamingPolicy, JsonNamingPolicy.CamelCase) ? CamelText[property]
        : JsonEncodedText.Encode(options.PropertyNamingPolicy.ConvertName(Pascal[property]));

    public static void WriteRequestId(Utf8JsonWriter writer, string? requestId, JsonSerializerOptions options)
    {
        if (requestId is not null) writer.WriteString(Name(options, RequestId), requestId);
        else if (options.DefaultIgnoreCondition is not (JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault))
            writer.WriteNull(Name(options, RequestId));
    }

    /// <summary>Which property the reader's property name is (camelCase or PascalCase first, then any case).</summary>
    public static int Which(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Pascal.Length; i++)
        {
            if (reader.ValueTextEquals(CamelText[i].EncodedUtf8Bytes) || reader.ValueTextEquals(PascalText[i].EncodedUtf8Bytes)) return i;
        }

        var name = reader.GetString();
        for (var i = 0; i < Pascal.Length; i++)
        {
            if (string.Equals(name, Pascal[i], StringComparison.OrdinalIgnoreCase)) return i;
        }

        return Other;
    }

    public static void Expect(ref Utf8JsonReader reader, JsonTokenType token)
    {
        if (reader.TokenType != token) throw new JsonException($"expected {token}, found {reader.TokenType}");
    }

    public static string? NullableString(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
}

/// <summary>The JSON of a <see cref="ScheduledLimit"/>; see <see cref="IntervalJson"/>.</summary>
public sealed class ScheduledLimitJsonConverter : JsonConverter<ScheduledLimit>
{
    /// <inheritdoc />
    public override ScheduledLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (start, end, kw, source, requestId) = IntervalRunsJson.ReadEntry(ref reader, options, withSource: true);
        return new ScheduledLimit(start, end, kw, source, requestId);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ScheduledLimit value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(IntervalJson.Name(options, IntervalJson.Start), value.Start);
        writer.WriteString(IntervalJson.Name(options, IntervalJson.End), value.End);
        writer.WriteNumber(IntervalJson.Name(options, IntervalJson.Kw), value.Kw);
        writer.WritePropertyName(IntervalJson.Name(options, IntervalJson.Source));
        JsonSerializer.Serialize(writer, value.Source, options);
        IntervalJson.WriteRequestId(writer, value.RequestId, options);
        writer.WriteEndObject();
    }
}

/// <summary>The JSON of a <see cref="TimelineBlock"/>; see <see cref="IntervalJson"/>.</summary>
public sealed class TimelineBlockJsonConverter : JsonConverter<TimelineBlock>
{
    /// <inheritdoc />
    public override TimelineBlock Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var (start, end, kw, _, requestId) = IntervalRunsJson.ReadEntry(ref reader, options, withSource: false);
        return new TimelineBlock(start, end, kw, requestId);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimelineBlock value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString(IntervalJson.Name(options, IntervalJson.Start), value.Start);
        writer.WriteString(IntervalJson.Name(options, IntervalJson.End), value.End);
        writer.WriteNumber(IntervalJson.Name(options, IntervalJson.Kw), value.Kw);
        IntervalJson.WriteRequestId(writer, value.RequestId, options);
        writer.WriteEndObject();
    }
}
