namespace OscpFleet.Simulator.Fleet;

/// <summary>The limit webhooks the simulated CSMS is handling at once, and the most it has seen.</summary>
internal sealed class WebhookConcurrency : InFlightCount;
