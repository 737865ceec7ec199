namespace OscpFleet.Simulator.Fleet;

/// <summary><c>PUT /sim/fleet/webhook-script</c>: the next answers, then a permanent one (null: normal).</summary>
internal sealed record WebhookScriptRequest(IReadOnlyList<int>? Statuses, int? Then);
