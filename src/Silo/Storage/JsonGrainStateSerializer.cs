using System.Text.Json;
using System.Text.Json.Serialization;
using Orleans.Storage;

namespace OscpFleet.Silo.Storage;

/// <summary>
/// Grain state is stored as plain System.Text.Json (camelCase, enums as strings, no CLR type names), so a row in
/// Azure Table Storage is readable by an operator and survives renames of .NET types. Every state carries its own
/// <c>schemaVersion</c>; a grain migrates older shapes when it reads them.
/// </summary>
public sealed class JsonGrainStateSerializer : IGrainStorageSerializer
{
    /// <summary>The options every state is written with.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
    };

    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(input, Options));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input) =>
        JsonSerializer.Deserialize<T>(input.ToMemory().Span, Options)
        ?? throw new JsonException($"stored state of {typeof(T).Name} is null");
}
