namespace OscpFleet.Oscp.Metering;

/// <summary>Whether a period's data is complete enough to report (rule documented on <see cref="MeterAggregation"/>).</summary>
internal static class PeriodCompleteness
{
    /// <summary>
    /// False while a charger that was active at <paramref name="end"/> — its latest reading at or before it shows power
    /// and is at most <paramref name="stale"/> old — has no reading at or after <paramref name="end"/>: the energy it used
    /// up to the boundary is not known yet.
    /// </summary>
    public static bool IsComplete(SiteMeterState state, DateTimeOffset end, TimeSpan stale)
    {
        var latest = new Dictionary<string, (DateTimeOffset At, double PowerW)>(StringComparer.Ordinal);
        var after = new HashSet<string>(StringComparer.Ordinal);
        foreach (var anchor in state.Anchors)
        {
            if (anchor.At >= end) after.Add(anchor.ChargerId);
            else latest[anchor.ChargerId] = (anchor.PowerAt, anchor.PowerW);
        }

        // Pending samples are sorted by charger, then time: the last one at or before the end wins.
        foreach (var sample in state.Pending)
        {
            if (sample.At >= end) after.Add(sample.ChargerId);
            if (sample.At <= end) latest[sample.ChargerId] = (sample.At, sample.PowerW);
        }

        foreach (var (charger, reading) in latest)
        {
            var active = reading.PowerW > 0 && end - reading.At <= stale;
            if (active && !after.Contains(charger)) return false;
        }

        return true;
    }
}
