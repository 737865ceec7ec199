namespace OscpFleet.Oscp.Metering;

/// <summary>Maximum site load over a period (rule documented on <see cref="MeterAggregation"/>).</summary>
internal static class SiteLoad
{
    public static double Max(SiteMeterState state, DateTimeOffset start, DateTimeOffset end, TimeSpan stale)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var readings = new List<(DateTimeOffset At, int Charger, double PowerW)>();
        foreach (var anchor in state.Anchors)
        {
            readings.Add((anchor.PowerAt, IndexOf(index, anchor.ChargerId), anchor.PowerW));
        }

        var instants = new SortedSet<DateTimeOffset> { start };
        foreach (var sample in state.Pending.Where(s => s.At < end))
        {
            readings.Add((sample.At, IndexOf(index, sample.ChargerId), sample.PowerW));
            if (sample.At >= start)
            {
                instants.Add(sample.At);
            }
        }

        readings.Sort(static (x, y) => x.At.CompareTo(y.At));

        // Sweep the instants in order, keeping each charger's latest reading so far.
        var latest = new (DateTimeOffset At, double PowerW)?[index.Count];
        var next = 0;
        var max = double.NegativeInfinity;
        foreach (var instant in instants)
        {
            for (; next < readings.Count && readings[next].At <= instant; next++)
            {
                latest[readings[next].Charger] = (readings[next].At, readings[next].PowerW);
            }

            var load = 0.0;
            foreach (var reading in latest)
            {
                if (reading is { } r && instant - r.At <= stale)
                {
                    load += r.PowerW;
                }
            }

            max = Math.Max(max, load);
        }

        return max;
    }

    private static int IndexOf(Dictionary<string, int> index, string chargerId)
    {
        if (!index.TryGetValue(chargerId, out var i))
        {
            index[chargerId] = i = index.Count;
        }

        return i;
    }
}
