using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Source-generated System.Text.Json metadata for <see cref="LimitDocument"/>: camelCase names, times
/// via <see cref="UtcSecondsConverter"/>, enums by their webhook-body names (docs/endpoints.md, "Limit webhook"),
/// every constructor parameter required on reading, unknown properties skipped (a newer sender may add fields).
/// Use <see cref="LimitDocumentJson"/> rather than this type directly.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    Converters = [typeof(UtcSecondsConverter), typeof(LimitDocumentIntervalConverter), typeof(ChargingSchedulePeriodConverter)])]
[JsonSerializable(typeof(LimitDocument))]
public sealed partial class LimitDocumentJsonContext : JsonSerializerContext;
