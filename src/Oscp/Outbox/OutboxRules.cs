namespace OscpFleet.Oscp.Outbox;

/// <summary>
/// The rules of a site's durable outbox (messages to the CP that must not be lost): its bound (the back-off between
/// attempts is <see cref="Retry.Backoff.Outbox"/>). The queue itself lives in the site's persisted state.
/// </summary>
public static class OutboxRules
{
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
}
