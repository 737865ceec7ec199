using System.Diagnostics.Metrics;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Meter <c>OscpFleet.Gateway.Auth</c>: tokens issued by client kind, and credentials refused by reason (both at the
/// token endpoint and when a presented token or OSCP Token fails), so a brute-force attempt or a CP with a stale
/// secret shows up on a dashboard.
/// </summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "OscpFleet.Gateway.Auth";

    private readonly Counter<long> issued;
    private readonly Counter<long> rejected;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        issued = meter.CreateCounter<long>("oscpfleet.tokens.issued", "{token}", "Access tokens issued by /oauth/token");
        rejected = meter.CreateCounter<long>("oscpfleet.tokens.rejected", "{request}", "Token requests and presented credentials refused");
    }

    /// <summary>Counts one issued token; <paramref name="kind"/> is <c>peer</c> or <c>client</c>.</summary>
    public void Issued(string kind) => issued.Add(1, new KeyValuePair<string, object?>("kind", kind));

    /// <summary>Counts one refusal; <paramref name="reason"/> is an OAuth error code or a validation failure class.</summary>
    public void Rejected(string reason) => rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
