using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// The one way OSCP bodies are turned into JSON and back (see <see cref="OscpJsonContext"/> for the rules).
/// These helpers do not validate: read untrusted bodies with <c>OscpValidator.TryRead</c>
/// (<see cref="Validation.OscpValidator"/>), which reports every problem before reading.
/// </summary>
public static class OscpJson
{
    /// <summary>The options behind every helper here (source-generated metadata; reuse them, e.g. for ASP.NET).</summary>
    public static JsonSerializerOptions Options => OscpJsonContext.Default.Options;

    /// <summary>The generated metadata for <typeparamref name="T"/>; throws <see cref="NotSupportedException"/> for a type outside the context.</summary>
    public static JsonTypeInfo<T> TypeInfo<T>() =>
        OscpJsonContext.Default.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
        ?? throw new NotSupportedException($"{typeof(T).Name} is not an OSCP wire type known to {nameof(OscpJsonContext)}.");

    /// <summary>Serializes to a JSON string.</summary>
    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    /// <summary>Serializes to UTF-8 bytes (an HTTP body).</summary>
    public static byte[] SerializeToUtf8Bytes<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, TypeInfo<T>());

    /// <summary>Serializes to a <see cref="JsonElement"/>.</summary>
    public static JsonElement SerializeToElement<T>(T value) => JsonSerializer.SerializeToElement(value, TypeInfo<T>());

    /// <summary>Deserializes a JSON string; throws <see cref="JsonException"/> when it does not fit or is <c>null</c>.</summary>
    public static T Deserialize<T>(string json) => NotNull(JsonSerializer.Deserialize(json, TypeInfo<T>()));

    /// <summary>Deserializes UTF-8 bytes; throws <see cref="JsonException"/> when they do not fit or are <c>null</c>.</summary>
    public static T Deserialize<T>(ReadOnlySpan<byte> utf8Json) => NotNull(JsonSerializer.Deserialize(utf8Json, TypeInfo<T>()));

    /// <summary>Deserializes a <see cref="JsonElement"/>; throws <see cref="JsonException"/> when it does not fit or is <c>null</c>.</summary>
    public static T Deserialize<T>(JsonElement element) => NotNull(element.Deserialize(TypeInfo<T>()));

    private static T NotNull<T>(T? value) =>
        value ?? throw new JsonException($"Expected a {typeof(T).Name} JSON object but found null.");
}
