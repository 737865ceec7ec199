namespace OscpFleet.Oscp.Metering;

/// <summary>Closing the open period: the energy walk per charger (policy documented on <see cref="MeterAggregation"/>).</summary>
internal static class OpenPeriod
{
    /// <summary>Energy between two register readings; a decrease means the register was reset, so count since the reset.</summary>
    public static double RegisterDelta(double fromWh, double toWh) => toWh >= fromWh ? toWh - fromWh : toWh;

    public static (SiteMeterState State, ClosedPeriod Period) Close(SiteMeterState state, DateTimeOffset end, TimeSpan stale)
    {
        var start = state.OpenPeriodStart;
        var maxLoadW = SiteLoad.Max(state, start, end, stale);

        var anchors = new List<ChargerAnchor>(state.Anchors.Length);
        var pending = new List<MeterSample>(state.Pending.Length);
        var energyWh = 0.0;
        var consumed = 0;
        foreach (var (anchor, samples) in ByCharger(state))
        {
            var charger = CloseCharger(anchor, samples, end);
            energyWh += charger.EnergyWh;
            consumed += charger.Consumed;
            if (charger.Anchor is not null)
            {
                anchors.Add(charger.Anchor);
            }

            pending.AddRange(samples.Skip(charger.Consumed));
        }

        var next = state with { OpenPeriodStart = end, Anchors = [.. anchors], Pending = [.. pending] };
        return (next, new ClosedPeriod(start, end, energyWh, maxLoadW, consumed));
    }

    /// <summary>Consumes a charger's samples up to <paramref name="end"/> and apportions the delta that spans it.</summary>
    private static (ChargerAnchor? Anchor, double EnergyWh, int Consumed) CloseCharger(ChargerAnchor? anchor, List<MeterSample> samples, DateTimeOffset end)
    {
        var i = 0;
        if (anchor is null)
        {
            if (samples.Count == 0 || samples[0].At > end)
            {
                return (null, 0, 0);
            }

            anchor = ChargerAnchor.FromSample(samples[0]);
            i = 1;
        }

        var energyWh = 0.0;
        for (; i < samples.Count && samples[i].At <= end; i++)
        {
            energyWh += RegisterDelta(anchor.RegisterWh, samples[i].EnergyWh);
            anchor = ChargerAnchor.FromSample(samples[i]);
        }

        if (i < samples.Count && anchor.At < end)
        {
            // The next sample lies beyond the boundary: report the share up to it, by time, and
            // leave an anchor at the boundary whose register makes the rest of the delta exact.
            var next = samples[i];
            var whole = RegisterDelta(anchor.RegisterWh, next.EnergyWh);
            var remaining = whole * ((next.At - end).Ticks / (double)(next.At - anchor.At).Ticks);
            energyWh += whole - remaining;
            anchor = anchor with { At = end, RegisterWh = next.EnergyWh - remaining, LateThrough = next.At };
        }

        return (anchor, energyWh, i);
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
}
