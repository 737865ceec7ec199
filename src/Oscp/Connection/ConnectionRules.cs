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
    /// Whether the connection counts as lost for the sites' limits (docs/decisions.md "Limits and grid safety"): lost
    /// once the CP's <c>offline_mode_at</c> has passed or the connection went Offline, and it stays lost until a
    /// handshake completes (Online). A handshake that starts while the connection was not lost (a routine
    /// re-handshake by the CP) changes nothing while the CP's <c>offline_mode_at</c> is still ahead.
    /// </summary>
    /// <param name="wasLost">The answer so far: sticky, only a completed handshake clears it (the caller resets it then).</param>
    /// <param name="online">The connection is Online.</param>
    /// <param name="handshaking">A handshake is under way (neither Online nor Offline).</param>
    /// <param name="theirOfflineModeAt">The CP's latest <c>offline_mode_at</c> (or our deadline for its first heartbeat); null when none is known.</param>
    /// <param name="now">The product clock.</param>
    public static bool LimitsLost(bool wasLost, bool online, bool handshaking, DateTimeOffset? theirOfflineModeAt, DateTimeOffset now)
    {
        if (wasLost) return true;
        if (theirOfflineModeAt is { } at && at <= now) return true;
        if (online) return false;
        return !handshaking || theirOfflineModeAt is null;
    }
}
