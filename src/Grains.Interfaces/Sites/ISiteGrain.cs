using Orleans.Concurrency;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// One charging site (key: its group id, unique across the fleet). Holds the binding to its peer, the forecasts, the
/// limit versions and their delivery to the CSMS.
/// </summary>
[Alias("OscpFleet.ISiteGrain")]
public interface ISiteGrain : IGrainWithStringKey
{
    /// <summary>Creates or changes the site (re-enables a disabled one); true when it was created.</summary>
    [Alias("Upsert")]
    Task<(bool Created, SiteView View)> UpsertAsync(SiteDefinition definition);

    /// <summary>The site, or null when it was never onboarded.</summary>
    [Alias("Get"), AlwaysInterleave]
    Task<SiteView?> GetAsync();

    /// <summary>Disables the site: unknown to its CP from now on; false when it does not exist.</summary>
    [Alias("Disable")]
    Task<bool> DisableAsync();

    /// <summary>
    /// A capacity forecast from <paramref name="peerId"/>: merged and persisted before this returns (the gateway then
    /// answers 204), a repeated request id changes nothing. A new limit version is pushed to the CSMS afterwards.
    /// The forecast is an immutable record that neither side changes after the call, so it is passed without the deep
    /// copy Orleans would otherwise make of it (a JSON round trip of ~11 KB per forecast).
    /// </summary>
    [Alias("ReceiveForecast")]
    Task<ForecastOutcome> ReceiveForecastAsync(string peerId, string requestId, [Immutable] UpdateGroupCapacityForecast forecast);

    /// <summary>The limit document in force now or at <paramref name="at"/>: the webhook body of that version; null when none.</summary>
    [Alias("GetLimits"), AlwaysInterleave]
    Task<LimitDocument?> GetLimitsAsync(DateTimeOffset? at);

    /// <summary>
    /// The CSMS confirms it put <paramref name="version"/> in force. <paramref name="csms"/>: the CSMS endpoint name the
    /// caller is bound to (<see cref="AppliedOutcome.OtherCsms"/> when it is not the site's); null for an unrestricted caller.
    /// </summary>
    [Alias("MarkApplied")]
    Task<AppliedOutcome> MarkAppliedAsync(long version, string? csms = null);

    /// <summary>
    /// The site's connection changed: Online or not (the outbox follows), lost for limits or not (the limit in force may
    /// come down to the fallback, or back up once a handshake completed).
    /// </summary>
    [Alias("PeerLinkChanged"), OneWay]
    Task PeerLinkChangedAsync(PeerLink link);

    /// <summary>
    /// Wakes the site (after a silo left the cluster) and answers once it did: activation does what is due — an
    /// undelivered or unconfirmed version goes to the CSMS, the outbox resumes; an active site just checks the same.
    /// Awaited, so the waker can keep a bounded number in flight (it was one-way before; a one-way call from a silo of
    /// that build is still served, its answer simply not sent).
    /// </summary>
    [Alias("Wake")]
    Task WakeAsync();

    /// <summary>
    /// Meter samples from the CSMS (already validated by the gateway): aggregated into the open period and persisted
    /// once, before this returns (the gateway then answers 204). A sample already held counts once. <paramref name="csms"/>
    /// as for <see cref="MarkAppliedAsync"/>.
    /// </summary>
    [Alias("AcceptMeterValues")]
    Task<MeterValuesOutcome> AcceptMeterValuesAsync(IReadOnlyList<MeterSample> samples, string? csms = null);

    /// <summary>
    /// Queues an AdjustGroupCapacityForecast (blocks in kW, already validated) for the site's CP. With
    /// <paramref name="idempotency"/>, a repeat within 24 h answers the first outcome and queues nothing; the same key
    /// with another body is <see cref="OutboxStatus.KeyReused"/>. <paramref name="csms"/> as for <see cref="MarkAppliedAsync"/>.
    /// </summary>
    [Alias("RequestCapacity")]
    Task<OutboxOutcome> RequestCapacityAsync(CapacityForecastType type, IReadOnlyList<ForecastedBlock> blocks, IdempotentRequest? idempotency = null, string? csms = null);

    /// <summary>
    /// The CSMS or an operator reports the site cannot comply over [<paramref name="from"/>, <paramref name="to"/>): queues a
    /// GroupCapacityComplianceError correlated to the forecast in force at <paramref name="from"/> (at most one per
    /// forecast and period). <paramref name="idempotency"/> and <paramref name="csms"/> as for <see cref="RequestCapacityAsync"/>.
    /// </summary>
    [Alias("ReportComplianceError")]
    Task<OutboxOutcome> ReportComplianceErrorAsync(string message, DateTimeOffset from, DateTimeOffset to, IdempotentRequest? idempotency = null, string? csms = null);

    /// <summary>
    /// The answer remembered for <paramref name="request"/> (its first answer, or <see cref="OutboxStatus.KeyReused"/> for
    /// another body), without queueing anything; null when the key is not known (or the site does not exist). The
    /// gateway asks this for a keyed request it finds invalid now, such as a capacity request whose blocks have ended
    /// since it was first accepted: its repeat still answers the first answer. <paramref name="csms"/> as for
    /// <see cref="MarkAppliedAsync"/>.
    /// </summary>
    [Alias("RecallIdempotent")]
    Task<OutboxOutcome?> RecallIdempotentAsync(IdempotentRequest request, string? csms = null);

    /// <summary>The outbox as the operator reads it; null when the site was never onboarded.</summary>
    [Alias("GetOutbox"), AlwaysInterleave]
    Task<OutboxView?> GetOutboxAsync();

    /// <summary>Does what is due now: close measurement periods, send the outbox, deliver an undelivered version, renew the schedule, flag a late apply. Timers and reminders call it.</summary>
    [Alias("Tick")]
    Task TickAsync();
}
