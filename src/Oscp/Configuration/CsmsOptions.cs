namespace OscpFleet.Oscp.Configuration;

/// <summary>The <c>Csms</c> section: where limit webhooks go.</summary>
public sealed class CsmsOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Csms";

    /// <summary>Named webhook endpoints; a site names one in its <c>csms</c> field.</summary>
    public Dictionary<string, CsmsEndpointOptions> Endpoints { get; set; } = new(StringComparer.Ordinal);
}
