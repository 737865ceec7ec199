using System.Text.Json.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// Source-generated System.Text.Json metadata for every OSCP 2.0 wire type: snake_case names, nulls
/// omitted, numbers also read from strings (some clients send <c>capacity</c> as a string), unknown
/// properties ignored, a property name given twice in one object refused (<see cref="DuplicateProperties"/>),
/// RFC 3339 times (<see cref="Rfc3339"/>), Handshake bodies wrapped or flat.
/// Use <see cref="OscpJson"/> rather than this type directly.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowDuplicateProperties = false,
    Converters =
    [
        typeof(Rfc3339DateTimeOffsetConverter),
        typeof(HandshakeJsonConverter),
        typeof(HandshakeAcknowledgeJsonConverter),
    ])]
[JsonSerializable(typeof(Register))]
[JsonSerializable(typeof(VersionUrl))]
[JsonSerializable(typeof(Handshake))]
[JsonSerializable(typeof(HandshakeAcknowledge))]
[JsonSerializable(typeof(RequiredBehaviour))]
[JsonSerializable(typeof(IReadOnlyList<MeasurementConfiguration>))]
[JsonSerializable(typeof(Heartbeat))]
[JsonSerializable(typeof(UpdateGroupCapacityForecast))]
[JsonSerializable(typeof(AdjustGroupCapacityForecast))]
[JsonSerializable(typeof(GroupCapacityComplianceError))]
[JsonSerializable(typeof(ForecastedBlock))]
[JsonSerializable(typeof(UpdateGroupMeasurements))]
[JsonSerializable(typeof(UpdateAssetMeasurements))]
[JsonSerializable(typeof(AssetMeasurement))]
[JsonSerializable(typeof(EnergyMeasurement))]
[JsonSerializable(typeof(InstantaneousMeasurement))]
[JsonSerializable(typeof(OscpError))]
public sealed partial class OscpJsonContext : JsonSerializerContext;
