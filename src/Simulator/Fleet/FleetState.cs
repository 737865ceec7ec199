namespace OscpFleet.Simulator.Fleet;

/// <summary>The simulated CSMS now (<c>GET /sim/fleet/state</c>).</summary>
/// <param name="Now">The simulator's clock.</param>
/// <param name="WebhookUrl">Where the gateway's CSMS endpoint must point.</param>
/// <param name="Down">Every webhook is answered 503.</param>
/// <param name="ScriptedWebhookStatuses">Statuses the next authentic webhooks get.</param>
/// <param name="ThenWebhookStatus">The status every later one gets; null: handled normally.</param>
/// <param name="Confirming">Applied versions are confirmed.</param>
/// <param name="ConfirmDelaySeconds">The wait before confirming.</param>
/// <param name="Sites">Each site.</param>
/// <param name="WebhooksReceived">Webhook records kept.</param>
/// <param name="GatewayCalls">Gateway call records kept.</param>
/// <param name="PendingMeterSamples">Meter samples the gateway has not taken yet (they go with the next interval's).</param>
public sealed record FleetState(
    DateTimeOffset Now,
    string WebhookUrl,
    bool Down,
    IReadOnlyList<int> ScriptedWebhookStatuses,
    int? ThenWebhookStatus,
    bool Confirming,
    double ConfirmDelaySeconds,
    IReadOnlyList<SiteState> Sites,
    int WebhooksReceived,
    int GatewayCalls,
    int PendingMeterSamples)
{
    /// <summary>One site by group id; throws when there is none.</summary>
    public SiteState Site(string groupId) =>
        Sites.FirstOrDefault(s => s.GroupId == groupId) ?? throw new ArgumentException($"No site '{groupId}'.", nameof(groupId));
}
