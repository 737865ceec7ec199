namespace OscpFleet.Oscp.Retry;

/// <summary>
/// The one back-off of the product: capped exponential (<see cref="First"/>, doubling, at most <see cref="Max"/>) with
/// "equal jitter" (between half and all of the step), so that a fleet of sites or gateways recovering together never
/// retries a peer in lock-step. Every retried outbound call uses one of the instances below.
/// </summary>
/// <param name="First">The step after the first failure.</param>
/// <param name="Max">The longest step.</param>
public sealed record Backoff(TimeSpan First, TimeSpan Max)
{
    /// <summary>Outbound handshakes while the connection is Offline: 2 s doubling to 5 min.</summary>
    public static Backoff Handshake { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));

    /// <summary>Messages of a site's outbox to the CP: 1 s doubling to 5 min.</summary>
    public static Backoff Outbox { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>Limit webhooks to the CSMS: 1 s doubling to 1 min (a limit must be in force within 2 minutes).</summary>
    public static Backoff Webhook { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

    /// <summary>The full step after <paramref name="attempts"/> failed attempts (≥ 1), without jitter.</summary>
    public TimeSpan Step(int attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var seconds = First.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        return TimeSpan.FromSeconds(Math.Min(Max.TotalSeconds, seconds));
    }

    /// <summary>The delay before the next attempt after <paramref name="attempts"/> failed ones (≥ 1).</summary>
    /// <param name="attempts">Failed attempts so far.</param>
    /// <param name="jitter">A random number in [0, 1); 0 gives half the step, 1 all of it.</param>
    public TimeSpan Delay(int attempts, double jitter) => Step(attempts) * (0.5 + (Math.Clamp(jitter, 0, 1) / 2));
}
