namespace OscpFleet.Oscp.Metering;

/// <summary>Closing the open period: the energy walk per charger (policy documented on <see cref="MeterAggregation"/>).</summary>
internal static class OpenPeriod
{
    public static (SiteMeterState State, ClosedPeriod Period) Close(SiteMeterState state, DateTimeOffset end, TimeSpan stale, MeterRules rules)
    {
        var start = state.OpenPeriodStart;
        var maxLoadW = SiteLoad.Max(state, start, end, stale);

        var anchors = new List<ChargerAnchor>(state.Anchors.Length);
        var pending = new List<MeterSample>(state.Pending.Length);
        var walk = new Walk();
        foreach (var (anchor, samples) in ByCharger(state))
        {
            var (closed, consumed) = CloseCharger(anchor, samples, end, rules, walk);
            if (closed is not null)
            {
                anchors.Add(closed);
            }

            pending.AddRange(samples.Skip(consumed));
        }

        var next = state with
        {
            OpenPeriodStart = end,
            Anchors = [.. anchors],
            Pending = [.. pending],
            Glitches = state.Glitches + walk.Glitches,
            DroppedWh = state.DroppedWh + walk.Drops.Sum(d => d.DroppedWh),
        };
        return (next, new ClosedPeriod(start, end, walk.EnergyWh, maxLoadW, walk.Consumed) { Glitches = walk.Glitches, Drops = [.. walk.Drops] });
    }

    /// <summary>Consumes a charger's samples up to <paramref name="end"/> and apportions the step that spans it.</summary>
    private static (ChargerAnchor? Anchor, int Consumed) CloseCharger(ChargerAnchor? anchor, List<MeterSample> samples, DateTimeOffset end, MeterRules rules, Walk walk)
    {
        var i = 0;
        if (anchor is null)
        {
            if (samples.Count == 0 || samples[0].At > end)
            {
                return (null, 0);
            }

            anchor = ChargerAnchor.FromSample(samples[0]);
            i = 1;
        }

        for (; i < samples.Count && samples[i].At <= end; i++)
        {
            var step = EnergyStep.Between(anchor, samples[i], rules);
            walk.Add(samples[i], step);
            anchor = step.After(anchor, samples[i]);
        }

        walk.Consumed += i;
        if (i < samples.Count && anchor.At < end)
        {
            // The next sample lies beyond the boundary: report the share up to it, by time, and leave an anchor at the
            // boundary from which the rest of the step is exact (a glitch keeps the register's high).
            var next = samples[i];
            var step = EnergyStep.Between(anchor, next, rules);
            var remaining = step.EnergyWh * ((next.At - end).Ticks / (double)(next.At - anchor.At).Ticks);
            // A glitch is counted when its reading is consumed, in the next closing; the energy and any drop count now.
            walk.Add(next, step with { EnergyWh = step.EnergyWh - remaining }, countGlitch: false);
            anchor = step.Kind == StepKind.Glitch
                ? anchor with { LateThrough = next.At }
                : anchor with { At = end, RegisterWh = next.EnergyWh - remaining, LateThrough = next.At };
        }

        return (anchor, i);
    }

    /// <summary>Each charger with an anchor or pending samples, in ordinal id order, with its samples in time order.</summary>
    private static IEnumerable<(ChargerAnchor? Anchor, List<MeterSample> Samples)> ByCharger(SiteMeterState state)
    {
        var chargers = new SortedDictionary<string, (ChargerAnchor? Anchor, List<MeterSample> Samples)>(StringComparer.Ordinal);
        foreach (var anchor in state.Anchors)
        {
            chargers[anchor.ChargerId] = (anchor, []);
        }

        foreach (var sample in state.Pending)
        {
            if (!chargers.TryGetValue(sample.ChargerId, out var charger))
            {
                chargers[sample.ChargerId] = charger = (null, []);
            }

            charger.Samples.Add(sample);
        }

        return chargers.Values;
    }

    /// <summary>What one closing counted.</summary>
    private sealed class Walk
    {
        public double EnergyWh { get; private set; }

        public int Glitches { get; private set; }

        public int Consumed { get; set; }

        public List<EnergyDrop> Drops { get; } = [];

        public void Add(MeterSample sample, EnergyStep step, bool countGlitch = true)
        {
            EnergyWh += step.EnergyWh;
            if (countGlitch && step.Kind == StepKind.Glitch) Glitches++;
            if (step.DroppedWh > 0) Drops.Add(new EnergyDrop(sample.ChargerId, sample.At, step.DroppedWh));
        }
    }
}
