using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Connection;

/// <summary>
/// The timing rules of an OSCP connection (contract.md "Outbound rules", vector-profile.md Heartbeat), as pure
/// functions the peer grain calls.
/// </summary>
public static class ConnectionRules
{
    /// <summary>How many heartbeat intervals ahead <c>offline_mode_at</c> is set: at least two, so one lost heartbeat never takes the link down.</summary>
    public const int OfflineAfterIntervals = 3;

    /// <summary>First delay between outbound handshake attempts.</summary>
    public static readonly TimeSpan HandshakeRetryBase = TimeSpan.FromSeconds(2);

    /// <summary>Longest delay between outbound handshake attempts.</summary>
    public static readonly TimeSpan HandshakeRetryCap = TimeSpan.FromMinutes(5);

    /// <summary>How long we wait for the CP's acknowledge of our handshake before trying again.</summary>
    public static readonly TimeSpan AcknowledgeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The interval at which we send heartbeats, or null for none: the interval the CP asked for; a <c>vector</c>
    /// peer gets ours at <paramref name="configuredSeconds"/> even when it asked none (Vector requires both sides
    /// to send); an <c>oscp</c> peer only when it asked.
    /// </summary>
    public static TimeSpan? OurHeartbeatInterval(PeerProfile profile, int? theyAskedSeconds, int configuredSeconds) =>
        theyAskedSeconds is > 0 ? TimeSpan.FromSeconds(theyAskedSeconds.Value)
        : profile == PeerProfile.Vector ? TimeSpan.FromSeconds(configuredSeconds)
        : null;

    /// <summary>The <c>offline_mode_at</c> we announce in a heartbeat sent at <paramref name="now"/>.</summary>
    public static DateTimeOffset OfflineModeAt(DateTimeOffset now, TimeSpan interval) => now + (interval * OfflineAfterIntervals);

    /// <summary>
    /// Until the CP's first heartbeat tells us its own <c>offline_mode_at</c>, the same allowance measured from when
    /// the connection came up, based on the interval we asked the CP for.
    /// </summary>
    public static DateTimeOffset FirstHeartbeatDeadline(DateTimeOffset onlineAt, int weAskedSeconds) =>
        OfflineModeAt(onlineAt, TimeSpan.FromSeconds(weAskedSeconds));

    /// <summary>
    /// Capped exponential back-off with "equal jitter": attempt 1 waits 1–2 s, attempt 2 waits 2–4 s, … up to
    /// 2.5–5 min, so a fleet of gateways never retries a recovering CP in lock-step.
    /// </summary>
    /// <param name="attempt">1 for the first retry.</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan HandshakeRetryDelay(int attempt, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 20);
        var ceiling = Math.Min(HandshakeRetryCap.TotalSeconds, HandshakeRetryBase.TotalSeconds * Math.Pow(2, exponent));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (Math.Clamp(jitter, 0, 1) / 2)));
    }
}
