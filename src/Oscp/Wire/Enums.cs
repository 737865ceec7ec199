using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Wire;

/// <summary>What a forecast limits or targets (OSCP 2.0 CapacityForecastType; docs/protocol.md, "Forecast body").</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CapacityForecastType>))]
public enum CapacityForecastType
{
    [JsonStringEnumMemberName("CONSUMPTION")] Consumption,
    [JsonStringEnumMemberName("GENERATION")] Generation,
    [JsonStringEnumMemberName("FALLBACK_CONSUMPTION")] FallbackConsumption,
    [JsonStringEnumMemberName("FALLBACK_GENERATION")] FallbackGeneration,
    [JsonStringEnumMemberName("OPTIMUM")] Optimum,
}

/// <summary>Which phase a value applies to.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PhaseIndicator>))]
public enum PhaseIndicator
{
    [JsonStringEnumMemberName("UNKNOWN")] Unknown,
    [JsonStringEnumMemberName("ONE")] One,
    [JsonStringEnumMemberName("TWO")] Two,
    [JsonStringEnumMemberName("THREE")] Three,
    [JsonStringEnumMemberName("ALL")] All,
}

/// <summary>Unit of a forecasted block's capacity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ForecastedBlockUnit>))]
public enum ForecastedBlockUnit
{
    [JsonStringEnumMemberName("A")] A,
    [JsonStringEnumMemberName("W")] W,
    [JsonStringEnumMemberName("KW")] Kw,
    [JsonStringEnumMemberName("WH")] Wh,
    [JsonStringEnumMemberName("KWH")] Kwh,
}

/// <summary>Unit of an energy measurement.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnergyMeasurementUnit>))]
public enum EnergyMeasurementUnit
{
    [JsonStringEnumMemberName("WH")] Wh,
    [JsonStringEnumMemberName("KWH")] Kwh,
}

/// <summary>Unit of an instantaneous measurement (OSCP lists energy units here too; the vector profile accepts KW and W only).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InstantaneousMeasurementUnit>))]
public enum InstantaneousMeasurementUnit
{
    [JsonStringEnumMemberName("A")] A,
    [JsonStringEnumMemberName("W")] W,
    [JsonStringEnumMemberName("KW")] Kw,
    [JsonStringEnumMemberName("WH")] Wh,
    [JsonStringEnumMemberName("KWH")] Kwh,
}

/// <summary>Which register an energy measurement reads.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnergyFlowDirection>))]
public enum EnergyFlowDirection
{
    [JsonStringEnumMemberName("NET")] Net,
    [JsonStringEnumMemberName("IMPORT")] Import,
    [JsonStringEnumMemberName("EXPORT")] Export,
}

/// <summary>Which part of the energy a measurement covers; absent on the wire means TOTAL.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EnergyType>))]
public enum EnergyType
{
    [JsonStringEnumMemberName("FLEXIBLE")] Flexible,
    [JsonStringEnumMemberName("NONFLEXIBLE")] NonFlexible,
    [JsonStringEnumMemberName("TOTAL")] Total,
}

/// <summary>How energy registers behave: never reset, or restarting at events.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MeasurementConfiguration>))]
public enum MeasurementConfiguration
{
    [JsonStringEnumMemberName("CONTINUOUS")] Continuous,
    [JsonStringEnumMemberName("INTERMITTENT")] Intermittent,
}

/// <summary>Kind of flexibility resource.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssetCategory>))]
public enum AssetCategory
{
    [JsonStringEnumMemberName("CHARGING")] Charging,
    [JsonStringEnumMemberName("CONSUMPTION")] Consumption,
    [JsonStringEnumMemberName("GENERATION")] Generation,
    [JsonStringEnumMemberName("STORAGE")] Storage,
}
