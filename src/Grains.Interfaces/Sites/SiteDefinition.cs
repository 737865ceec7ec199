using OscpFleet.Oscp.Limits;

namespace OscpFleet.Grains.Sites;

/// <summary>What the operator onboards a site with (<c>PUT /api/v1/sites/{groupId}</c>, docs/endpoints.md, "Site body").</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.SiteDefinition")]
public sealed record SiteDefinition
{
    /// <summary>The peer (CP connection) the site is bound to.</summary>
    [Id(0)] public required string PeerId { get; init; }

    /// <summary>The asset id agreed with the CP (Vector: usually the group id).</summary>
    [Id(1)] public required string AssetId { get; init; }

    /// <summary>IANA time zone of the site; the base DOE is by its local time of day.</summary>
    [Id(2)] public required string TimeZone { get; init; }

    /// <summary>Nominal phase voltage, to convert forecasts in amperes.</summary>
    [Id(3)] public double NominalVoltage { get; init; } = 230;

    /// <summary>Connected phases (1 or 3).</summary>
    [Id(4)] public int Phases { get; init; } = 3;

    /// <summary>The contractual default profile by local time of day.</summary>
    [Id(5)] public IReadOnlyList<BaseDoeEntry> BaseDoe { get; init; } = [];

    /// <summary>Contract maximum import in kW; no limit ever exceeds it.</summary>
    [Id(6)] public double MaxImportKw { get; init; }

    /// <summary>Name of the CSMS webhook endpoint (<c>Csms:Endpoints:&lt;name&gt;</c>).</summary>
    [Id(7)] public required string Csms { get; init; }

    /// <summary>Charging stations with rated power, for the per-station OCPP profiles.</summary>
    [Id(8)] public IReadOnlyList<ChargerDefinition> Chargers { get; init; } = [];
}

/// <summary>A charging station of a site.</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.ChargerDefinition")]
public sealed record ChargerDefinition([property: Id(0)] string Id, [property: Id(1)] double RatedKw);
