namespace OscpFleet.Oscp.Outbox;

/// <summary>
/// The rules of a site's durable outbox (messages to the CP that must not be lost): which message goes next and its
/// bound (the back-off between attempts is <see cref="Retry.Backoff.Outbox"/>). The queue itself lives in the site's
/// persisted state.
/// </summary>
public static class OutboxRules
{
    /// <summary>
    /// The index of the message to send next, or -1 when none may go now. The queue is oldest first and holds two
    /// classes: urgent messages (compliance errors, capacity requests) and reports. Each class goes strictly in its own
    /// order, so only the oldest message of a class can be next. The oldest urgent message goes first when it is due; when
    /// it is not (it backs off after a failure), the oldest report goes if it is due: a report in back-off never holds up
    /// an urgent message, and an urgent message in back-off never holds up the reports.
    /// </summary>
    /// <param name="queue">The waiting messages, oldest first.</param>
    /// <param name="isUrgent">True for a compliance error or capacity request; false for a report.</param>
    /// <param name="isDue">True when the message may be attempted now (never tried, or its back-off has passed).</param>
    public static int NextToSend<T>(IReadOnlyList<T> queue, Func<T, bool> isUrgent, Func<T, bool> isDue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentNullException.ThrowIfNull(isUrgent);
        ArgumentNullException.ThrowIfNull(isDue);
        int urgent = -1, report = -1;
        for (var i = 0; i < queue.Count && (urgent < 0 || report < 0); i++)
        {
            if (isUrgent(queue[i]))
            {
                if (urgent < 0) urgent = i;
            }
            else if (report < 0)
            {
                report = i;
            }
        }
        if (urgent >= 0 && isDue(queue[urgent])) return urgent;
        if (report >= 0 && isDue(queue[report])) return report;
        return -1;
    }

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
