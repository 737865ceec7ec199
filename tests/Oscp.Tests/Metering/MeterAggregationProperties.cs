using CsCheck;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeterAggregationProperties
{
    // Synthetic anchors and carried energy arise in a minority of scenarios; sample enough of them.
    private const int Iterations = 400;

    [Fact]
    public void Energy_is_conserved_across_period_splits() =>
        MeterScenario.Generator.Sample(scenario =>
        {
            var (state, periods) = scenario.Run(inOrder: true, MeterScenario.AsIs);

            var expected = scenario.TelescopedEnergyWh();
            var reported = periods.Sum(p => p.EnergyWh) + MeterAggregation.UnreportedEnergyWh(state);
            Assert.Equal(expected, reported, 1e-6 * Math.Max(1, expected));
            Assert.All(periods, p => Assert.True(p.EnergyWh >= 0, $"negative energy in {p}"));
            Assert.Equal(0, state.LateSamples);
        }, iter: Iterations);

    [Fact]
    public void Closed_periods_are_contiguous_aligned_quarter_hours() =>
        MeterScenario.Generator.Sample(scenario =>
        {
            var (state, periods) = scenario.Run(inOrder: false, MeterScenario.AsIs);

            var expectedStart = T0;
            foreach (var period in periods)
            {
                Assert.Equal((expectedStart, expectedStart + Quarter), (period.Start, period.End));
                expectedStart = period.End;
            }

            Assert.Equal(expectedStart, state.OpenPeriodStart);
        }, iter: Iterations);

    [Fact]
    public void Duplicates_never_double_count() =>
        MeterScenario.Generator.Sample(scenario =>
        {
            var fedSoFar = new List<MeterSample>();
            var copies = 0;

            // Every batch twice over, plus a replay of everything fed before (by now reported or pending).
            IEnumerable<MeterSample[]> Twice(MeterSample[] batch)
            {
                MeterSample[] replay = [.. fedSoFar];
                fedSoFar.AddRange(batch);
                copies += batch.Length + replay.Length;
                return [[.. batch, .. batch], replay];
            }

            var clean = scenario.Run(inOrder: false, MeterScenario.AsIs);
            var doubled = scenario.Run(inOrder: false, Twice);

            Assert.Equal(clean.Periods, doubled.Periods);
            Assert.Equal<ChargerAnchor>(clean.State.Anchors, doubled.State.Anchors);
            Assert.Equal<MeterSample>(clean.State.Pending, doubled.State.Pending);
            Assert.Equal(clean.State.DuplicateSamples + clean.State.LateSamples + copies, doubled.State.DuplicateSamples + doubled.State.LateSamples);
        }, iter: Iterations);

    [Fact]
    public void Any_order_within_the_open_window_gives_the_same_result_as_time_order() =>
        MeterScenario.Generator.Sample(scenario =>
        {
            var random = new Random(scenario.Seed);

            // Shuffle each batch and split it over several calls.
            IEnumerable<MeterSample[]> Shuffled(MeterSample[] batch)
            {
                var shuffled = batch.ToArray();
                random.Shuffle(shuffled);
                return shuffled.Chunk(random.Next(1, 4));
            }

            var ordered = scenario.Run(inOrder: false, MeterScenario.AsIs);
            var reordered = scenario.Run(inOrder: false, Shuffled);

            Assert.Equal(ordered.Periods, reordered.Periods);
            Assert.Equal(ordered.State, reordered.State);
        }, iter: Iterations);
}
