using System.Collections.Frozen;
using CsCheck;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

/// <summary>
/// The energy walk over random sample streams with injected glitches, resets, register jumps, duplicates, reordering
/// and gaps: what is reported plus what was dropped is exactly what the registers truly advanced (the jumps included),
/// every glitch is counted, and no period ever reports more than the chargers could use.
/// </summary>
public sealed class MeterTruthProperties
{
    private const double Tolerance = MeterRules.DefaultTolerance;
    private static readonly double[] Ratings = [7.4, 22, 50, 150];

    private enum Fault { None, Glitch, Reset, MarkedReset, Jump, Duplicate }

    /// <summary>Per step: gap (min), share of the rating used, fault, fault size.</summary>
    private static readonly Gen<(int Gap, double Share, Fault Fault, double Size)> GenStep = Gen.Select(
        Gen.Int[1, 20],
        Gen.Double[0, 1],
        Gen.Frequency((12, Gen.Const(Fault.None)), (2, Gen.Const(Fault.Glitch)), (1, Gen.Const(Fault.Reset)), (1, Gen.Const(Fault.MarkedReset)), (1, Gen.Const(Fault.Jump)), (2, Gen.Const(Fault.Duplicate))),
        Gen.Double[0, 1]);

    private static readonly Gen<(int Rating, int Start, (int Gap, double Share, Fault Fault, double Size)[] Steps)[]> GenChargers =
        Gen.Select(Gen.Int[0, Ratings.Length - 1], Gen.Int[0, 30], GenStep.Array[1, 25]).Array[1, 3];

    private sealed record Stream(MeterSample[] Samples, Dictionary<string, double> RatedKw, double TrueAdvanceWh, double JumpsWh, int Glitches, DateTimeOffset Last);

    private static Stream Build((int Rating, int Start, (int Gap, double Share, Fault Fault, double Size)[] Steps)[] chargers)
    {
        var samples = new List<MeterSample>();
        var rated = new Dictionary<string, double>(StringComparer.Ordinal);
        double advance = 0, jumps = 0;
        var glitches = 0;
        var last = T0;
        for (var c = 0; c < chargers.Length; c++)
        {
            var id = "c" + c;
            var kw = Ratings[chargers[c].Rating];
            rated[id] = kw;
            double minute = chargers[c].Start, register = 1_000_000 + (c * 10_000);
            samples.Add(new MeterSample(id, At(minute), register, 0));
            foreach (var (gap, share, fault, size) in chargers[c].Steps)
            {
                if (fault == Fault.Glitch && register > 100_000)
                {
                    // A reading below the register's high, half a minute into the gap: must count nothing.
                    samples.Add(new MeterSample(id, At(minute + 0.5), register - 1 - (size * 500), 0));
                    glitches++;
                }

                minute += gap;
                var used = kw * 1000 * (gap / 60.0) * share;
                if ((fault is Fault.Reset or Fault.MarkedReset) && register > MeterRules.DefaultResetThresholdWh)
                {
                    // A fresh register: it shows only what was used since the reset (at most the threshold here).
                    var since = Math.Min(used, MeterRules.DefaultResetThresholdWh);
                    register = since;
                    advance += since;
                    samples.Add(new MeterSample(id, At(minute), register, 0, RegisterReset: fault == Fault.MarkedReset));
                    continue;
                }

                register += used;
                advance += used;
                if (fault == Fault.Jump)
                {
                    var jump = 1_000_000 + (size * 9_000_000);
                    register += jump;
                    jumps += jump;
                }

                samples.Add(new MeterSample(id, At(minute), register, kw * 1000 * share));
                if (fault == Fault.Duplicate) samples.Add(samples[^1]);
            }

            last = At(minute) > last ? At(minute) : last;
        }

        return new Stream([.. samples], rated, advance, jumps, glitches, last);
    }

    private static MeterRules RulesOf(Stream stream) =>
        new(MeterRules.DefaultResetThresholdWh, Tolerance, stream.RatedKw.ToFrozenDictionary(), OtherChargersKw: null);

    [Fact]
    public void Reported_plus_dropped_is_the_true_register_advance_and_no_period_exceeds_what_the_chargers_can_use() =>
        Gen.Select(GenChargers, Gen.Int).Sample((chargers, seed) =>
        {
            var stream = Build(chargers);
            var random = new Random(seed);
            var state = Fresh();
            // Any order, in any batches: all of it arrives before the periods close.
            foreach (var batch in stream.Samples.OrderBy(_ => random.Next()).Chunk(1 + random.Next(5)))
            {
                state = MeterAggregation.Accept(state, batch).State;
            }

            var (closed, periods) = MeterAggregation.CloseThrough(state, stream.Last + Quarter, Quarter, rules: RulesOf(stream));

            var reported = periods.Sum(p => p.EnergyWh);
            var dropped = periods.Sum(p => p.Drops.Sum(d => d.DroppedWh));
            var truth = stream.TrueAdvanceWh + stream.JumpsWh;
            Assert.Equal(truth, reported + dropped, 1e-6 * Math.Max(1, truth));
            Assert.Equal(dropped, closed.DroppedWh, 1e-6 * Math.Max(1, dropped));
            Assert.Equal(stream.Glitches, periods.Sum(p => p.Glitches));
            Assert.True(stream.JumpsWh == 0 || dropped > 0, "a register jump must be dropped, at least in part");
            var periodCap = stream.RatedKw.Values.Sum(kw => kw * 1000 * Quarter.TotalHours * (1 + Tolerance));
            Assert.All(periods, p => Assert.True(p.EnergyWh <= periodCap + 1e-6, $"{p.Start:t}: {p.EnergyWh} Wh above {periodCap} Wh"));
        }, iter: 500);
}
