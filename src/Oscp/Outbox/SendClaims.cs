namespace OscpFleet.Oscp.Outbox;

/// <summary>
/// Which activation of a site may put its outbox on the wire, as stored in the outbox row. Orleans' default grain
/// directory allows two activations of one grain for a moment while silos come and go (one finishing its deactivation,
/// one already serving): both would load the same queued message and the CP would get it twice. The activation that is
/// about to send writes a claim in the row (ETag-checked, usually in the write that queued the message); another
/// activation that loads the row holds back while the claim lives and the claimant's silo is still in the cluster.
/// </summary>
public sealed class SendClaim
{
    /// <summary>The activation that claimed (an id of its own, new for every activation).</summary>
    public string Activation { get; set; } = "";

    /// <summary>
    /// The silo of that activation (Orleans' parsable silo address): a claim whose silo the cluster's membership lists
    /// as dead (killed, or stopped) binds nobody, since nothing of that silo can be on the wire any more.
    /// </summary>
    public string? Silo { get; set; }

    /// <summary>The message it was about to send.</summary>
    public long MessageId { get; set; }

    /// <summary>When it claimed, by its clock.</summary>
    public DateTimeOffset At { get; set; }
}

/// <summary>What an activation does with the message it would send next.</summary>
public enum SendDecision
{
    /// <summary>Its own stored claim covers the send: send now.</summary>
    Send,

    /// <summary>No claim covers it: store a claim first, then send.</summary>
    ClaimFirst,

    /// <summary>Another activation's claim lives: it may have a message on the wire; send nothing.</summary>
    Wait,
}

/// <summary>
/// The rules of <see cref="SendClaim"/>. A send leaves while its claim has at least <c>longestSend</c> (the client's
/// total timeout plus a margin for clock skew between silos) to live, so it has ended before the claim expires; another
/// activation sends only once the claim expired (or the claim's owner stored the answer). A claim lives twice
/// <c>longestSend</c>: the owner has <c>longestSend</c> to get its message off, the rest covers the send itself. A
/// claim whose activation's silo has left the cluster (<c>claimantGone</c>) binds nobody: a killed silo's sites send
/// again as soon as the silo is declared dead, not a whole hold later.
/// </summary>
public static class SendClaims
{
    /// <summary>How long a claim made with <paramref name="longestSend"/> keeps other activations from sending.</summary>
    public static TimeSpan Hold(TimeSpan longestSend) => longestSend + longestSend;

    /// <summary>
    /// What activation <paramref name="activation"/> does with message <paramref name="messageId"/> (the next to send)
    /// when the row holds <paramref name="stored"/>. A claim dated further ahead than a whole hold (a clock far off) is
    /// taken as expired: no activation waits longer than one hold from now. <paramref name="claimantGone"/>: the
    /// stored claim's silo has left the cluster.
    /// </summary>
    public static SendDecision Decide(SendClaim? stored, string activation, long messageId, DateTimeOffset now, TimeSpan longestSend, bool claimantGone = false)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (stored is null) return SendDecision.ClaimFirst;
        if (!string.Equals(stored.Activation, activation, StringComparison.Ordinal))
            return Blocks(stored, activation, now, longestSend, claimantGone) ? SendDecision.Wait : SendDecision.ClaimFirst;
        return stored.MessageId == messageId && MayLeave(stored.At, now, longestSend) ? SendDecision.Send : SendDecision.ClaimFirst;
    }

    /// <summary>
    /// True while a send claimed at <paramref name="claimedAt"/> may still leave (checked again when it has waited for
    /// its turn at the CP's pacer): its claim outlives the longest send.
    /// </summary>
    public static bool MayLeave(DateTimeOffset claimedAt, DateTimeOffset now, TimeSpan longestSend) =>
        now >= claimedAt - longestSend && now + longestSend <= claimedAt + Hold(longestSend);

    /// <summary>
    /// The claim a write of the row by activation <paramref name="activation"/> (on <paramref name="silo"/>) carries:
    /// the stored one while this activation has a message on the wire (<paramref name="onWire"/>) or another
    /// activation's claim still binds (the write succeeds only if that one has not written since: it may be sending);
    /// otherwise this activation's, for <paramref name="next"/>, the message it would send now, or none when it would
    /// send none.
    /// </summary>
    public static SendClaim? ForWrite(SendClaim? stored, string activation, string? silo, bool onWire, long? next, DateTimeOffset now, TimeSpan longestSend, bool claimantGone = false)
    {
        ArgumentNullException.ThrowIfNull(activation);
        if (onWire || (stored is not null && Blocks(stored, activation, now, longestSend, claimantGone))) return stored;
        return next is { } id ? new SendClaim { Activation = activation, Silo = silo, MessageId = id, At = now } : null;
    }

    /// <summary>True while <paramref name="claim"/> keeps activation <paramref name="activation"/> from sending.</summary>
    public static bool Blocks(SendClaim claim, string activation, DateTimeOffset now, TimeSpan longestSend, bool claimantGone = false)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return !claimantGone && !string.Equals(claim.Activation, activation, StringComparison.Ordinal) && IsLive(claim, now, Hold(longestSend));
    }

    private static bool IsLive(SendClaim claim, DateTimeOffset now, TimeSpan hold) => now < claim.At + hold && claim.At - hold <= now;
}
