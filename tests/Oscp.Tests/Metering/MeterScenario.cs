using CsCheck;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

/// <summary>
/// A random site history for property tests: up to three chargers reporting at irregular gaps
/// (some across period boundaries, some register resets), each sample arriving after a random
/// delay, and the site closing periods at random instants.
/// </summary>
internal sealed record MeterScenario(MeterSample[] Samples, int[] DelayMinutes, int[] CloseMinutes, int Seed)
{
    // Mostly prompt, sometimes up to an hour late: prompt samples beyond a boundary make the
    // closing apportion, delayed ones make it carry energy into a later period.
    private static readonly Gen<int> GenDelay = Gen.Frequency((2, Gen.Const(0)), (1, Gen.Int[1, 60]));

    private static readonly Gen<(int Gap, int Increment, bool Reset, int ResetTo, int PowerW, int Delay)> GenStep =
        Gen.Select(Gen.Int[1, 40], Gen.Int[0, 5_000], Gen.Int[0, 9].Select(i => i == 0), Gen.Int[0, 3_000], Gen.Int[0, 22_000], GenDelay);

    public static readonly Gen<MeterScenario> Generator = Gen.Select(
        Gen.Select(Gen.Int[0, 30], GenStep.Array[0, 10]).Array[1, 3],
        Gen.Int[0, 480].Array[0, 8],
        Gen.Int,
        (chargers, closes, seed) =>
        {
            var samples = new List<(MeterSample Sample, int Delay)>();
            for (var c = 0; c < chargers.Length; c++)
            {
                var (minute, register) = (chargers[c].Item1, 0.0);
                foreach (var step in chargers[c].Item2)
                {
                    minute += step.Gap;
                    register = step.Reset ? step.ResetTo : register + step.Increment;
                    samples.Add((Sample("c" + c, minute, register, step.PowerW), step.Delay));
                }
            }

            var ordered = samples.OrderBy(s => s.Sample.At).ThenBy(s => s.Sample.ChargerId, StringComparer.Ordinal).ToArray();
            return new MeterScenario([.. ordered.Select(s => s.Sample)], [.. ordered.Select(s => s.Delay)], [.. closes.Order()], seed);
        });

    /// <summary>Energy the registers show: per charger, the deltas between its consecutive samples.</summary>
    public double TelescopedEnergyWh() =>
        Samples.GroupBy(s => s.ChargerId).Sum(g => g.Zip(g.Skip(1), (a, b) => b.EnergyWh >= a.EnergyWh ? b.EnergyWh - a.EnergyWh : b.EnergyWh).Sum());

    /// <summary>
    /// When each sample arrives. In order: never before an earlier sample, so no sample is ever
    /// late. Otherwise: its own time plus its delay, so later samples may overtake earlier ones.
    /// </summary>
    public DateTimeOffset[] Arrivals(bool inOrder)
    {
        var arrivals = new DateTimeOffset[Samples.Length];
        for (var i = 0; i < Samples.Length; i++)
        {
            var own = Samples[i].At.AddMinutes(DelayMinutes[i]);
            arrivals[i] = inOrder && i > 0 && arrivals[i - 1] > own ? arrivals[i - 1] : own;
        }

        return arrivals;
    }

    /// <summary>
    /// The batches fed before each closing (samples that arrived before it), then after the last
    /// closing the rest, which stays pending. <paramref name="arrange"/> orders each batch into calls.
    /// </summary>
    public (SiteMeterState State, List<ClosedPeriod> Periods) Run(bool inOrder, Func<MeterSample[], IEnumerable<MeterSample[]>> arrange)
    {
        var arrivals = Arrivals(inOrder);
        var state = Fresh();
        var periods = new List<ClosedPeriod>();
        var fed = new bool[Samples.Length];
        foreach (var close in CloseMinutes.Select(m => At(m)).Append(DateTimeOffset.MaxValue))
        {
            var batch = Enumerable.Range(0, Samples.Length).Where(i => !fed[i] && arrivals[i] < close).ToArray();
            foreach (var i in batch)
            {
                fed[i] = true;
            }

            foreach (var call in arrange([.. batch.Select(i => Samples[i])]))
            {
                state = MeterAggregation.Accept(state, call).State;
            }

            if (close != DateTimeOffset.MaxValue)
            {
                var closing = MeterAggregation.CloseThrough(state, close, Quarter);
                (state, periods) = (closing.State, [.. periods, .. closing.Periods]);
            }
        }

        return (state, periods);
    }

    /// <summary>The batch in time order, in one call.</summary>
    public static IEnumerable<MeterSample[]> AsIs(MeterSample[] batch) => [batch];
}
