namespace OscpFleet.Oscp.Metering;

/// <summary>
/// Aggregates chargers' meter samples into closed measurement periods (energy used, maximum site
/// load) for OSCP measurement reports. Pure functions over <see cref="SiteMeterState"/>.
/// </summary>
/// <remarks>
/// <para><b>Energy.</b> Registers are cumulative, so a charger's energy between two consecutive
/// points (t1, E1) → (t2, E2) is E2 − E1, at most what the charger could plausibly use in t2 − t1 (the rest
/// is dropped and counted, see <see cref="MeterRules"/>). When E2 &lt; E1 the register was reset (charger
/// replaced or rebooted) only if the CSMS says so or E2 is small enough to be a fresh register; the energy is
/// then E2, counted since the reset. Any other decrease is a glitch: ignored, and energy resumes once the
/// register passes E1 again (<see cref="EnergyStep"/>). A delta spanning a period boundary b
/// is apportioned by time: the period ending at b gets the share up to b, and a synthetic anchor at
/// b keeps the rest for later periods. A charger's first sample only anchors it: energy before it
/// is unknown and never counted.</para>
/// <para><b>Energy learned late is carried, never lost nor counted twice.</b> Closing a period
/// reports every not yet reported register delta up to its end. Energy that belongs to an
/// already closed period — e.g. the first sample after a long silence, or a sample that arrives
/// after its period closed — is reported in the period being closed when it becomes known.</para>
/// <para><b>Late samples.</b> A sample at or before its charger's <see cref="ChargerAnchor.LateThrough"/>
/// is dropped (counted in <see cref="SiteMeterState.LateSamples"/>): the period it belongs to is
/// already reported, and because registers are cumulative the next delta telescopes over it, so
/// energy is still conserved (unless the register was also reset in between).</para>
/// <para><b>Incomplete periods wait, bounded.</b> A period is incomplete while a charger that was active at its end
/// (its latest reading at or before the end shows power and is younger than the staleness limit) has no reading at or
/// after the end. Such a period waits for the reading up to <c>maxWait</c> (and holds the periods after it, so reports
/// stay in order); when it comes the period is reported exactly, at the limit with what is known, marked incomplete.
/// A charger that went silent stops counting as active once its last reading is stale, so a dead feed delays one
/// period, not all that follow.</para>
/// <para><b>Duplicates.</b> Samples are keyed by (charger, time); the first copy wins.</para>
/// <para><b>Maximum load.</b> For a period [a, b) the site load is evaluated at a and at every sample
/// instant in [a, b): the sum over chargers of the power of each charger's latest point at or before
/// that instant, where a point older than the staleness limit contributes 0 (a silent charger
/// must not hold the site's load up forever).</para>
/// </remarks>
public static class MeterAggregation
{
    /// <summary>
    /// Adds samples to the pending set, dropping duplicates and late samples. Until the next
    /// <see cref="CloseThrough"/>, the order of samples within and across calls does not matter
    /// (save which of two differing copies of one (charger, time) wins: the first).
    /// </summary>
    /// <exception cref="ArgumentException">A sample has no charger id, a negative or non-finite register, or a non-finite power.</exception>
    public static MeterAcceptance Accept(SiteMeterState state, IEnumerable<MeterSample> samples)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(samples);
        var lateThrough = state.Anchors.ToDictionary(a => a.ChargerId, a => a.LateThrough, StringComparer.Ordinal);
        var seenInBatch = new HashSet<(string, DateTimeOffset)>();
        var added = new List<MeterSample>();
        int duplicates = 0, late = 0;
        foreach (var raw in samples)
        {
            var sample = Normalise(raw);
            if (seenInBatch.Contains((sample.ChargerId, sample.At)) || PendingSamples.Contains(state.Pending, sample))
            {
                duplicates++;
            }
            else if (lateThrough.TryGetValue(sample.ChargerId, out var limit) && sample.At <= limit)
            {
                late++;
            }
            else
            {
                seenInBatch.Add((sample.ChargerId, sample.At));
                added.Add(sample);
            }
        }

        var next = state with
        {
            Pending = PendingSamples.Merge(state.Pending, added),
            DuplicateSamples = state.DuplicateSamples + duplicates,
            LateSamples = state.LateSamples + late,
        };
        return new MeterAcceptance(next, added.Count, duplicates, late);
    }

    /// <summary>
    /// Closes, in order, every period whose end is at or before <paramref name="now"/> — after the
    /// site was inactive for hours this catches up, each period without data yielding a
    /// <see cref="ClosedPeriod"/> with 0 energy.
    /// </summary>
    /// <param name="state">The state.</param>
    /// <param name="now">The current time.</param>
    /// <param name="periodLength">Period length; must divide one day.</param>
    /// <param name="stalePowerAfter">Age after which a charger's last power reading no longer counts toward the site load; default one period.</param>
    /// <param name="rules">Resets, glitches and the plausibility bound; default <see cref="MeterRules.Unbounded"/>.</param>
    /// <param name="maxWait">
    /// How long past <paramref name="now"/>'s view of its end an incomplete period (see <see cref="ClosedPeriod.Complete"/>)
    /// waits for its data: closing stops at the first incomplete period younger than this, so reports stay in order.
    /// Default zero: never wait.
    /// </param>
    public static PeriodClosing CloseThrough(
        SiteMeterState state, DateTimeOffset now, TimeSpan periodLength, TimeSpan? stalePowerAfter = null, MeterRules? rules = null, TimeSpan maxWait = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        rules ??= MeterRules.Unbounded;
        MeteringPeriods.EnsureValidLength(periodLength);
        var stale = stalePowerAfter ?? periodLength;
        ArgumentOutOfRangeException.ThrowIfLessThan(stale, TimeSpan.Zero, nameof(stalePowerAfter));

        var periods = new List<ClosedPeriod>();
        for (var end = MeteringPeriods.EndOf(state.OpenPeriodStart, periodLength); end <= now; end = MeteringPeriods.EndOf(state.OpenPeriodStart, periodLength))
        {
            var complete = PeriodCompleteness.IsComplete(state, end, stale);
            if (!complete && now - end < maxWait)
            {
                break;
            }

            (state, var period) = OpenPeriod.Close(state, end, stale, rules);
            periods.Add(period with { Complete = complete });
        }

        return new PeriodClosing(state, periods);
    }

    /// <summary>
    /// Energy the pending samples already show but no period has reported yet: per charger, the
    /// register deltas from its anchor (or first pending sample) through its last pending sample.
    /// </summary>
    public static double UnreportedEnergyWh(SiteMeterState state, MeterRules? rules = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        rules ??= MeterRules.Unbounded;
        var anchors = state.Anchors.ToDictionary(a => a.ChargerId, StringComparer.Ordinal);
        var energy = 0.0;
        foreach (var sample in state.Pending)
        {
            if (anchors.TryGetValue(sample.ChargerId, out var previous))
            {
                var step = EnergyStep.Between(previous, sample, rules);
                energy += step.EnergyWh;
                anchors[sample.ChargerId] = step.After(previous, sample);
            }
            else
            {
                anchors[sample.ChargerId] = ChargerAnchor.FromSample(sample);
            }
        }

        return energy;
    }

    private static MeterSample Normalise(MeterSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (string.IsNullOrWhiteSpace(sample.ChargerId))
        {
            throw new ArgumentException("A meter sample needs a charger id.", nameof(sample));
        }

        if (!double.IsFinite(sample.EnergyWh) || sample.EnergyWh < 0 || !double.IsFinite(sample.PowerW))
        {
            throw new ArgumentException($"Meter sample of {sample.ChargerId} at {sample.At:O} has an invalid register ({sample.EnergyWh}) or power ({sample.PowerW}).", nameof(sample));
        }

        // One offset for every stored instant, so equal instants serialise identically.
        return sample.At.Offset == TimeSpan.Zero ? sample : sample with { At = sample.At.ToUniversalTime() };
    }
}
