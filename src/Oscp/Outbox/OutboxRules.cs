namespace OscpFleet.Oscp.Outbox;

/// <summary>
/// The rules of a site's durable outbox (messages to the CP that must not be lost): its bound and the back-off between
/// attempts. The queue itself lives in the site's persisted state.
/// </summary>
public static class OutboxRules
{
    /// <summary>First retry delay after a failed attempt.</summary>
    public static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between two attempts of one message.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Removes messages until at most <paramref name="max"/> remain, as a last resort: the oldest reports first (a
    /// measurement is worth less than an adjustment or a compliance error), then the oldest of any kind. Messages
    /// <paramref name="canDrop"/> refuses (the one on the wire) stay. The queue is oldest first.
    /// </summary>
    /// <returns>The removed messages, oldest first.</returns>
    public static IReadOnlyList<T> Trim<T>(List<T> queue, int max, Func<T, bool> isReport, Func<T, bool> canDrop)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(isReport);
        ArgumentNullException.ThrowIfNull(canDrop);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var removed = new List<T>();
        foreach (var reportsOnly in new[] { true, false })
        {
            for (var i = 0; i < queue.Count && queue.Count > max;)
            {
                if ((!reportsOnly || isReport(queue[i])) && canDrop(queue[i]))
                {
                    removed.Add(queue[i]);
                    queue.RemoveAt(i);
                }
                else
                {
                    i++;
                }
            }
        }

        return removed;
    }

    /// <summary>
    /// The delay before the next attempt after <paramref name="attempts"/> failed ones: 1 s doubling up to 5 min, with
    /// "equal jitter" (between half and all of it) so many sites recovering together do not hit the CP in step.
    /// </summary>
    /// <param name="attempts">Failed attempts so far (≥ 1).</param>
    /// <param name="jitter">A random number in [0, 1).</param>
    public static TimeSpan RetryDelay(int attempts, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var full = Math.Min(MaxRetryDelay.TotalSeconds, FirstRetryDelay.TotalSeconds * Math.Pow(2, Math.Min(attempts - 1, 20)));
        return TimeSpan.FromSeconds(full * (0.5 + (Math.Clamp(jitter, 0, 1) / 2)));
    }
}
