namespace OscpFleet.Simulator.Fleet;

/// <summary>One simulated site (<c>Simulator:Fleet:Sites:&lt;n&gt;</c>) and how it is onboarded.</summary>
public sealed class FleetSiteOptions
{
    /// <summary>Default time zone: OscpFleet's first grid operator is in New Zealand.</summary>
    public const string DefaultTimeZone = "Pacific/Auckland";

    /// <summary>Default CSMS endpoint name at the gateway.</summary>
    public const string DefaultCsms = "main";

    /// <summary>The site's group id (letters, digits, '_' and '-', 1–64 characters).</summary>
    public string? GroupId { get; set; }

    /// <summary>The capacity provider connection the site is bound to, e.g. <c>vector_test</c>.</summary>
    public string? PeerId { get; set; }

    /// <summary>The asset id agreed with the CP; the group id when unset.</summary>
    public string? AssetId { get; set; }

    /// <summary>The site's IANA time zone (the base DOE is by local time of day).</summary>
    public string TimeZone { get; set; } = DefaultTimeZone;

    /// <summary>The flat base DOE in kW; <see cref="MaxImportKw"/> when unset.</summary>
    public double? BaseDoeKw { get; set; }

    /// <summary>The contract maximum in kW; the sum of the chargers' rated power when unset.</summary>
    public double? MaxImportKw { get; set; }

    /// <summary>The gateway's CSMS endpoint name (<c>Csms:Endpoints:&lt;name&gt;</c>) that sends this site's limits here.</summary>
    public string Csms { get; set; } = DefaultCsms;

    /// <summary>Nominal voltage (V), sent when set; also converts OCPP limits given in amperes (230 V when unset).</summary>
    public int? NominalVoltage { get; set; }

    /// <summary>Phases (1 or 3), sent when set; also converts OCPP limits given in amperes (3 when unset).</summary>
    public int? Phases { get; set; }

    /// <summary>The site's chargers.</summary>
    public List<FleetChargerOptions> Chargers { get; set; } = [];

    /// <summary>The asset id sent.</summary>
    public string EffectiveAssetId => string.IsNullOrWhiteSpace(AssetId) ? GroupId ?? "" : AssetId;

    /// <summary>The contract maximum sent.</summary>
    public double EffectiveMaxImportKw => MaxImportKw ?? Chargers.Sum(c => c.RatedKw);

    /// <summary>The flat base DOE sent.</summary>
    public double EffectiveBaseDoeKw => BaseDoeKw ?? EffectiveMaxImportKw;
}
