namespace OscpFleet.Oscp.Outbox;

/// <summary>
/// The rules of the <c>Idempotency-Key</c> request header on the endpoints that queue a message for the CP (capacity
/// requests, compliance errors): what a valid key is, how long and how many a site remembers. A repeated key answers
/// the first answer and queues nothing; the same key with another body is refused.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>The request header.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Longest key, in characters.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Most keys a site remembers (all endpoints together); a new key beyond it pushes out the oldest. Messages for the
    /// CP are rare (at most one compliance error per forecast and period, ~96 a day, plus a few capacity requests), so
    /// 200 covers a day of the busiest site while keeping the outbox row small (an entry is at most ~0.5 kB).
    /// </summary>
    public const int MaxPerSite = 200;

    /// <summary>How long a key is remembered, by the product clock.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromHours(24);

    /// <summary>True for 1 to <see cref="MaxLength"/> printable ASCII characters (space to tilde).</summary>
    public static bool IsValid(string? key) =>
        key is { Length: >= 1 and <= MaxLength } && key.All(c => c is >= ' ' and <= '~');

    /// <summary>
    /// Forgets the keys remembered <see cref="KeptFor"/> or longer before <paramref name="now"/>, then the oldest beyond
    /// <paramref name="max"/>. <paramref name="kept"/> is oldest first.
    /// </summary>
    /// <returns>How many keys were forgotten because of the bound (not their age).</returns>
    public static int Prune<T>(List<T> kept, Func<T, DateTimeOffset> rememberedAt, DateTimeOffset now, int max = MaxPerSite)
    {
        ArgumentNullException.ThrowIfNull(kept);
        ArgumentNullException.ThrowIfNull(rememberedAt);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 0);
        kept.RemoveAll(k => rememberedAt(k) + KeptFor <= now);
        var over = Math.Max(0, kept.Count - max);
        kept.RemoveRange(0, over);
        return over;
    }
}
