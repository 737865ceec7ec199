using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Site metrics (meter <c>OscpFleet.Sites</c>): forecasts received by peer and outcome, limit versions by reason,
/// receipt → webhook and receipt → applied latency, versions applied late.
/// </summary>
public sealed class SiteMetrics : IDisposable
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Sites";

    private readonly Meter meter;
    private readonly Counter<long> forecasts;
    private readonly Counter<long> versions;
    private readonly Counter<long> applyLate;
    private readonly Histogram<double> toWebhook;
    private readonly Histogram<double> toApplied;
    private readonly ConcurrentDictionary<string, string> states = new(StringComparer.Ordinal);

    /// <summary>Creates the instruments on the host's meter factory.</summary>
    public SiteMetrics(IMeterFactory meters)
    {
        meter = meters.Create(MeterName);
        forecasts = meter.CreateCounter<long>("oscpfleet.forecasts.received", description: "Capacity forecasts by peer and outcome");
        versions = meter.CreateCounter<long>("oscpfleet.limit_versions.issued", description: "Limit versions by reason");
        applyLate = meter.CreateCounter<long>("oscpfleet.limit_versions.applied_late", description: "Versions not applied within the allowance");
        toWebhook = meter.CreateHistogram<double>("oscpfleet.limit.receipt_to_webhook", unit: "s", description: "Forecast receipt to the CSMS accepting the webhook");
        toApplied = meter.CreateHistogram<double>("oscpfleet.limit.receipt_to_applied", unit: "s", description: "Forecast receipt to the CSMS confirming applied");
        meter.CreateObservableGauge("oscpfleet.sites", ObserveStates, description: "Sites active on this silo by the source of their limit (forecast, fallback, base_doe, emergency_stop, disabled)");
    }

    /// <summary>Records the state of a site active on this silo.</summary>
    public void SetState(string groupId, string state) => states[groupId] = state;

    /// <summary>The site left this silo; another silo reports it now.</summary>
    public void Forget(string groupId) => states.TryRemove(groupId, out _);

    private IEnumerable<Measurement<int>> ObserveStates() =>
        states.Values.GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key)));

    /// <summary>Counts a forecast and passes its outcome through.</summary>
    public ForecastOutcome Forecast(string peerId, ForecastOutcome outcome)
    {
        forecasts.Add(1, new("peer", peerId), new("outcome", outcome.ToString()));
        return outcome;
    }

    /// <summary>Counts a version.</summary>
    public void VersionIssued(string reason) => versions.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Records receipt → webhook.</summary>
    public void Delivered(TimeSpan latency) => toWebhook.Record(latency.TotalSeconds);

    /// <summary>Records receipt → applied.</summary>
    public void Applied(TimeSpan latency) => toApplied.Record(latency.TotalSeconds);

    /// <summary>Counts a version applied late.</summary>
    public void ApplyLate() => applyLate.Add(1);

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
