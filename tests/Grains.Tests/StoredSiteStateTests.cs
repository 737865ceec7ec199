using System.Text.Json.Nodes;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;
using OscpFleet.Silo.Storage;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Schedule entries and timeline blocks are values held as UTC ticks: a site's state stored before that change (entries
/// and blocks as JSON objects with start, end, kW, source and request id) must read back to the same limits, and the
/// state written now stores entries that follow one another as runs, and reads back to the same limits.
/// </summary>
public sealed class StoredSiteStateTests
{
    // As the class-era state was written (JsonGrainStateSerializer: camelCase, enums as strings); one entry with an offset.
    private const string StoredBeforeTheChange = """
        {"schemaVersion":1,"definition":null,"disabled":false,
         "forecasts":{"series":[{"type":"CONSUMPTION","phase":"ALL","timeline":{"blocks":[
           {"start":"2026-03-01T00:00:00+00:00","end":"2026-03-01T00:15:00+00:00","kw":40,"requestId":"req-7f3a"},
           {"start":"2026-03-01T02:15:00+02:00","end":"2026-03-01T00:30:00+00:00","kw":0,"requestId":"req-7f3a"}]}}]},
         "allZeroRequestIds":[],"recentRequestIds":["req-7f3a"],"latestForecastRequestId":"req-7f3a",
         "latestForecastAt":"2026-03-01T00:00:00+00:00","peerOnline":true,"connectionLost":false,
         "versions":[
          {"version":1,"issuedAt":"2026-02-28T23:00:00+00:00","receivedAt":null,"schedule":[
            {"start":"2026-02-28T23:00:00+00:00","end":"2026-03-01T23:00:00+00:00","kw":100,"source":"BaseDoe","requestId":null}],
           "chargers":[{"id":"cp-1","ratedKw":22}],"allZeroRequestIds":[]},
          {"version":2,"issuedAt":"2026-03-01T00:00:00+00:00","receivedAt":"2026-03-01T00:00:00+00:00","schedule":[
            {"start":"2026-03-01T00:00:00+00:00","end":"2026-03-01T00:15:00+00:00","kw":40,"source":"Forecast","requestId":"req-7f3a"},
            {"start":"2026-03-01T02:15:00+02:00","end":"2026-03-01T00:30:00+00:00","kw":0,"source":"Forecast","requestId":"req-7f3a"},
            {"start":"2026-03-01T00:30:00+00:00","end":"2026-03-02T00:00:00+00:00","kw":100,"source":"BaseDoe","requestId":null}],
           "chargers":[{"id":"cp-1","ratedKw":22}],"allZeroRequestIds":[]}],
         "deliveredVersion":2,"deliveryAttempts":0,"nextDeliveryAt":null,"deliveryError":null,
         "appliedVersion":2,"appliedAt":"2026-03-01T00:00:05+00:00","complianceRisk":false}
        """;

    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void State_stored_before_the_compact_entries_reads_back_to_the_same_limits()
    {
        var state = new JsonGrainStateSerializer().Deserialize<SiteState>(BinaryData.FromString(StoredBeforeTheChange));

        Assert.Equal(2, state.Versions.Count);
        var schedule = state.Current!.Schedule;
        Assert.Equal<ScheduledLimit>(
            [
                new(T0, T0.AddMinutes(15), 40, LimitSource.Forecast, "req-7f3a"),
                new(T0.AddMinutes(15), T0.AddMinutes(30), 0, LimitSource.Forecast, "req-7f3a"),
                new(T0.AddMinutes(30), T0.AddDays(1), 100, LimitSource.BaseDoe, null),
            ],
            schedule);
        Assert.All(schedule, entry => Assert.Equal(TimeSpan.Zero, entry.Start.Offset));
        Assert.Equal(0, state.Current.Schedule[1].Kw);
        Assert.IsType<CompactSchedule>(schedule);
        Assert.Same(schedule[0].RequestId, schedule[1].RequestId);

        var blocks = state.Forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).Blocks;
        Assert.Equal<TimelineBlock>([new(T0, T0.AddMinutes(15), 40, "req-7f3a"), new(T0.AddMinutes(15), T0.AddMinutes(30), 0, "req-7f3a")], blocks);
        Assert.Same(blocks[0].RequestId, blocks[1].RequestId);
        Assert.Equal(0, state.Forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).At(T0.AddMinutes(20))!.Value.Kw);
    }

    [Fact]
    public void State_written_now_stores_consecutive_entries_as_runs_and_reads_back_equal()
    {
        var serializer = new JsonGrainStateSerializer();
        var before = serializer.Deserialize<SiteState>(BinaryData.FromString(StoredBeforeTheChange));

        var written = serializer.Serialize(before);
        var stored = JsonNode.Parse(written.ToString())!.AsObject();
        // The two forecast entries (same request, back to back, 15 minutes each) are one run; the base DOE entry stays an entry.
        var schedule = stored["versions"]![1]!["schedule"]!.AsArray();
        Assert.Equal(2, schedule.Count);
        var run = schedule[0]!.AsObject();
        Assert.Equal(["start", "end", "kw", "source", "requestId"], run.Select(p => p.Key));
        Assert.Equal("2026-03-01T00:00:00+00:00", (string?)run["start"]);
        Assert.Equal("2026-03-01T00:30:00+00:00", (string?)run["end"]);
        Assert.Equal([40.0, 0.0], run["kw"]!.AsArray().Select(k => (double)k!));
        Assert.Equal("Forecast", (string?)run["source"]);
        Assert.Equal(100.0, (double)schedule[1]!["kw"]!);
        var blocks = stored["forecasts"]!["series"]![0]!["timeline"]!["blocks"]!.AsArray();
        Assert.Equal(["start", "end", "kw", "requestId"], Assert.Single(blocks)!.AsObject().Select(p => p.Key));
        // The newest version is the last of the list: not stored a second time.
        Assert.False(stored.ContainsKey("current"));

        var after = serializer.Deserialize<SiteState>(written);
        Assert.Equal<ScheduledLimit>(before.Current!.Schedule, after.Current!.Schedule);
        Assert.IsType<CompactSchedule>(after.Current.Schedule);
        Assert.Same(after.Current.Schedule[0].RequestId, after.Current.Schedule[1].RequestId);
        Assert.Equal(before.Forecasts, after.Forecasts);
    }
}
