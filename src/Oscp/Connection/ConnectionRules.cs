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
    /// Until the CP's first heartbeat tells us its own <c>offline_mode_at</c>, how long its silence is allowed from when
    /// the connection came up: three of the intervals we asked for, but never less than
    /// <paramref name="graceSeconds"/> (<c>FirstHeartbeatGraceSeconds</c>) — a CP may take its time to start its
    /// heartbeat schedule after a handshake, and going Offline over that would make the connection flap.
    /// </summary>
    public static DateTimeOffset FirstHeartbeatDeadline(DateTimeOffset onlineAt, int weAskedSeconds, int graceSeconds)
    {
        var asked = OfflineModeAt(onlineAt, TimeSpan.FromSeconds(weAskedSeconds));
        var grace = onlineAt + TimeSpan.FromSeconds(graceSeconds);
        return asked > grace ? asked : grace;
    }

    /// <summary>
    /// When the CP's silence takes the connection down: its <c>offline_mode_at</c> (or our deadline for its first
    /// heartbeat), or never (null) for a CP we do not expect heartbeats from (<c>ExpectHeartbeats=false</c>).
    /// </summary>
    public static DateTimeOffset? SilenceDeadline(bool expectHeartbeats, DateTimeOffset? theirOfflineModeAt) =>
        expectHeartbeats ? theirOfflineModeAt : null;

    /// <summary>
    /// The CP's silence has lasted too long: a deadline is known and has passed. A heartbeat the CP sends after this
    /// is too late: the connection is already Offline and only a handshake brings it back.
    /// </summary>
    public static bool TheyWentSilent(DateTimeOffset? silenceDeadline, DateTimeOffset now) => silenceDeadline <= now;

    /// <summary>
    /// Whether the CP considers us offline: none of our heartbeats was accepted before the <c>offline_mode_at</c> we
    /// announced last (<paramref name="ourOfflineModeAt"/>) and the attempts since were not accepted, whatever the CP
    /// answered (a 403, a 500, no answer at all). The connection must then go Offline and be re-established with a
    /// handshake, not stay "Online" on our side while the CP refuses everything. Only a failed attempt counts: if we
    /// did not even try in time (the process was paused), the next heartbeat asks the CP — it answers "not connected"
    /// if it did count us offline.
    /// </summary>
    /// <param name="ourOfflineModeAt">
    /// The <c>offline_mode_at</c> of our last accepted heartbeat; before one was accepted on this connection, that of our
    /// first attempt. Null while we send no heartbeats.
    /// </param>
    /// <param name="failedSinceAccepted">An attempt since the last accepted heartbeat (or on this connection) was not accepted.</param>
    /// <param name="now">The product clock.</param>
    public static bool TheyThinkWeAreOffline(DateTimeOffset? ourOfflineModeAt, bool failedSinceAccepted, DateTimeOffset now) =>
        failedSinceAccepted && ourOfflineModeAt <= now;

    /// <summary>
    /// Whether the connection counts as lost for the sites' limits (docs/decisions.md "Limits and grid safety"): lost
    /// once the CP's <c>offline_mode_at</c> has passed or the connection went Offline, and it stays lost until a
    /// handshake completes (Online). A handshake that starts while the connection was not lost (a routine
    /// re-handshake by the CP) changes nothing while the CP's <c>offline_mode_at</c> is still ahead.
    /// </summary>
    /// <param name="wasLost">The answer so far: sticky, only a completed handshake clears it (the caller resets it then).</param>
    /// <param name="online">The connection is Online.</param>
    /// <param name="handshaking">A handshake is under way (neither Online nor Offline).</param>
    /// <param name="theirOfflineModeAt">
    /// When the CP's silence counts (<see cref="SilenceDeadline"/>): its latest <c>offline_mode_at</c> or our deadline
    /// for its first heartbeat; null when none is known or its silence never counts.
    /// </param>
    /// <param name="now">The product clock.</param>
    public static bool LimitsLost(bool wasLost, bool online, bool handshaking, DateTimeOffset? theirOfflineModeAt, DateTimeOffset now)
    {
        if (wasLost) return true;
        if (TheyWentSilent(theirOfflineModeAt, now)) return true;
        if (online) return false;
        return !handshaking;
    }
}
