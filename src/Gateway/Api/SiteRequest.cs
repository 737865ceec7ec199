namespace OscpFleet.Gateway.Api;

/// <summary>The body of <c>PUT /api/v1/sites/{groupId}</c> (and one row of an import), as received: every field optional so validation can name each missing one.</summary>
public sealed record SiteRequest
{
    /// <summary>Group id; only in an import row (the path carries it otherwise).</summary>
    public string? GroupId { get; init; }

    /// <summary>The peer the site is bound to.</summary>
    public string? PeerId { get; init; }

    /// <summary>The asset id agreed with the CP.</summary>
    public string? AssetId { get; init; }

    /// <summary>IANA time zone.</summary>
    public string? TimeZone { get; init; }

    /// <summary>Nominal phase voltage (default 230).</summary>
    public double? NominalVoltage { get; init; }

    /// <summary>Connected phases, 1 or 3 (default 3).</summary>
    public int? Phases { get; init; }

    /// <summary>The base DOE by local time of day.</summary>
    public List<BaseDoeRequest>? BaseDoe { get; init; }

    /// <summary>Contract maximum import in kW.</summary>
    public double? MaxImportKw { get; init; }

    /// <summary>CSMS endpoint name.</summary>
    public string? Csms { get; init; }

    /// <summary>Charging stations.</summary>
    public List<ChargerRequest>? Chargers { get; init; }
}

/// <summary>One base DOE entry as received.</summary>
public sealed record BaseDoeRequest(string? From, double? Kw);

/// <summary>One charging station as received.</summary>
public sealed record ChargerRequest(string? Id, double? RatedKw);
