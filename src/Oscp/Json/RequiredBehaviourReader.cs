using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// Reads the RequiredBehaviour of a Handshake or HandshakeAcknowledge from either shape seen in the wild:
/// wrapped <c>{"required_behaviour":{…}}</c> (SolarNetwork, pyoscp, ELMO's code) or flat
/// <c>{"heartbeat_interval":…,"measurement_configuration":[…]}</c> (oscp-go, the SDK, ELMO's guide).
/// </summary>
internal static class RequiredBehaviourReader
{
    private const string Wrapper = "required_behaviour";

    /// <summary>The behaviour, or null when the body carries none (e.g. <c>{}</c>).</summary>
    public static RequiredBehaviour? ReadWrappedOrFlat(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var body = JsonElement.ParseValue(ref reader);

        // ParseValue keeps every copy of a repeated name and TryGetProperty picks one: refuse rather than guess.
        DuplicateProperties.ThrowIfAny(body);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"Expected a JSON object but found {body.ValueKind}.");
        }

        if (body.TryGetProperty(Wrapper, out var wrapped))
        {
            return wrapped.ValueKind == JsonValueKind.Null ? null : Read(wrapped);
        }

        return body.TryGetProperty("heartbeat_interval", out _) || body.TryGetProperty("measurement_configuration", out _)
            ? Read(body)
            : null;
    }

    /// <summary>Writes <c>{"required_behaviour":{…}}</c>, or <c>{}</c> for null.</summary>
    public static void WriteWrapped(Utf8JsonWriter writer, RequiredBehaviour? behaviour, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (behaviour is not null)
        {
            writer.WritePropertyName(Wrapper);
            JsonSerializer.Serialize(writer, behaviour, TypeInfo(options));
        }

        writer.WriteEndObject();
    }

    private static RequiredBehaviour Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"'{Wrapper}' must be a JSON object but is {element.ValueKind}.");
        }

        int? interval = null;
        if (element.TryGetProperty("heartbeat_interval", out var intervalElement) && intervalElement.ValueKind != JsonValueKind.Null)
        {
            interval = ReadWholeSeconds(intervalElement);
        }

        IReadOnlyList<MeasurementConfiguration>? configuration = null;
        if (element.TryGetProperty("measurement_configuration", out var configurationElement)
            && configurationElement.ValueKind != JsonValueKind.Null)
        {
            configuration = configurationElement.Deserialize(OscpJsonContext.Default.IReadOnlyListMeasurementConfiguration);
        }

        return new RequiredBehaviour(interval, configuration);
    }

    // Schemas disagree on integer vs number; JSON Schema's "integer" admits 30.0, so the reader must too.
    private static int ReadWholeSeconds(JsonElement element)
    {
        if (element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out var number)
            && number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }

        if (element.ValueKind == JsonValueKind.String
            && int.TryParse(element.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }

        throw new JsonException("'heartbeat_interval' must be a whole number of seconds.");
    }

    private static JsonTypeInfo<RequiredBehaviour> TypeInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<RequiredBehaviour>)options.GetTypeInfo(typeof(RequiredBehaviour));
}
