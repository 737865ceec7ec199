using System.Text.Json;
using OscpFleet.Oscp.Metering;
using static OscpFleet.Oscp.Tests.Metering.Meter;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeterArrivalTests
{
    [Fact]
    public void Duplicate_sample_counts_once()
    {
        var once = Fresh().Feed(Sample("a", 1, 1_000), Sample("a", 9, 2_000));
        var twice = MeterAggregation.Accept(once, [Sample("a", 9, 2_000), Sample("a", 9, 2_000)]);

        Assert.Equal((0, 2, 0), (twice.Accepted, twice.Duplicates, twice.Late));
        Assert.Equal(once.Pending, twice.State.Pending);
        Assert.Equal(1_000, Assert.Single(twice.State.CloseAt(15).Periods).EnergyWh, 9);
    }

    [Fact]
    public void First_copy_of_a_duplicate_wins()
    {
        var state = Fresh().Feed(Sample("a", 1, 1_000), Sample("a", 9, 2_000), Sample("a", 9, 9_999));

        Assert.Equal(1_000, Assert.Single(state.CloseAt(15).Periods).EnergyWh, 9);
        Assert.Equal(1, state.DuplicateSamples);
    }

    [Fact]
    public void Copy_of_an_already_reported_sample_changes_nothing()
    {
        var sample = Sample("a", 9, 2_000);
        var (state, _) = Fresh().Feed(Sample("a", 1, 1_000), sample).CloseAt(15);

        var again = MeterAggregation.Accept(state, [sample]);

        Assert.Equal(1, again.Late);
        Assert.Equal(state with { LateSamples = 1 }, again.State);
    }

    [Fact]
    public void Out_of_order_samples_within_the_period_give_the_same_result()
    {
        MeterSample[] inOrder = [Sample("a", 1, 0, 3_000), Sample("b", 2, 10, 7_000), Sample("a", 6, 300, 4_000), Sample("b", 8, 900, 0), Sample("a", 14, 1_200, 11_000)];
        var shuffled = new[] { inOrder[4], inOrder[1], inOrder[2], inOrder[0], inOrder[3] };

        var ordered = inOrder.Aggregate(Fresh(), (s, x) => s.Feed(x)).CloseAt(30);
        var reordered = Fresh().Feed(shuffled).CloseAt(30);

        Assert.Equal(ordered.State, reordered.State);
        Assert.Equal(ordered.Periods, reordered.Periods);
        Assert.Equal(1_200 + 890, ordered.Periods.Sum(p => p.EnergyWh), 9);
    }

    [Fact]
    public void Sample_instants_are_stored_in_utc()
    {
        var local = new DateTimeOffset(2025, 3, 1, 12, 5, 0, TimeSpan.FromHours(2));

        var state = Fresh().Feed(new MeterSample("a", local, 0, 0));

        Assert.Equal(TimeSpan.Zero, Assert.Single(state.Pending).At.Offset);
    }

    [Fact]
    public void Meter_state_round_trips_through_System_Text_Json()
    {
        var (state, _) = Fresh().Feed(Sample("a", 10, 1_000, 7_000), Sample("a", 20, 2_000, 7_400), Sample("b", 12, 50, 1_000)).CloseAt(16);
        state = state.Feed(Sample("b", 12, 50), Sample("c", 17, 0, 300));

        var restored = JsonSerializer.Deserialize<SiteMeterState>(JsonSerializer.Serialize(state));

        Assert.Equal(state, restored);
        Assert.Contains(state.Anchors, a => a.At != a.LateThrough); // an interpolated anchor made the trip too
    }

    [Fact]
    public void Stored_meter_state_without_arrays_reads_as_empty()
    {
        var restored = JsonSerializer.Deserialize<SiteMeterState>("""{"OpenPeriodStart":"2025-03-01T10:00:00+00:00"}""");

        Assert.NotNull(restored);
        Assert.Empty(restored.Anchors);
        Assert.Empty(restored.Pending);
    }
}
