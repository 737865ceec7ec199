using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Records;

/// <summary>The message journal and the per-period history, through real HTTP, real processes and Azurite.</summary>
public sealed class JournalAndHistoryTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_forecast_in_and_a_report_out_are_journaled_with_their_ids_and_without_credentials()
    {
        var (forecast, start, _, report) = await ReportOnePeriodAsync();
        await FlushAsync();
        using var ops = await cluster.OperatorAsync();

        var range = $"from={Utc(start.AddHours(-1))}&to={Utc(cluster.Clock.GetUtcNow().AddMinutes(1))}";
        var page = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/journal?groupId={Site}&{range}&limit=1000");
        var entries = page.GetProperty("entries").EnumerateArray().ToList();
        var inbound = Assert.Single(entries, e => e.GetProperty("requestId").GetString() == forecast.RequestId);
        Assert.Equal(("in", VectorPeerCluster.PeerId, "update_group_capacity_forecast", Site, 204),
            (inbound.GetProperty("direction").GetString(), inbound.GetProperty("peerId").GetString(), inbound.GetProperty("message").GetString(),
             inbound.GetProperty("groupId").GetString(), inbound.GetProperty("status").GetInt32()));
        Assert.Contains($"\"group_id\":\"{Site}\"", inbound.GetProperty("body").GetString(), StringComparison.Ordinal);
        var outbound = Assert.Single(entries, e => e.GetProperty("requestId").GetString() == report.RequestId);
        Assert.Equal(("out", VectorPeerCluster.PeerId, "update_asset_measurements", Site, 204),
            (outbound.GetProperty("direction").GetString(), outbound.GetProperty("peerId").GetString(), outbound.GetProperty("message").GetString(),
             outbound.GetProperty("groupId").GetString(), outbound.GetProperty("status").GetInt32()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(report.Body), JsonNode.Parse(outbound.GetProperty("body").GetString()!)), "the journal keeps the body sent");
        Assert.True(outbound.GetProperty("latencyMs").GetDouble() >= 0);

        // The export streams everything in the range (handshakes and heartbeats too): no auth header, no token.
        var export = await ops.GetStringAsync($"/api/v1/journal/export?{range}");
        var lines = export.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains(report.RequestId!, StringComparison.Ordinal));
        Assert.All(lines, l => JsonDocument.Parse(l).Dispose());
        // Both directions used OAuth bearer tokens (JWTs from our token endpoint inbound, the simulator's outbound).
        Assert.DoesNotContain(await cluster.CpTokenAsync(), export, StringComparison.Ordinal);
        Assert.DoesNotContain("Bearer", export, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("authorization", export, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Journal_pages_continue_where_the_cursor_left_off()
    {
        await ReportOnePeriodAsync();
        await FlushAsync();
        using var ops = await cluster.OperatorAsync();
        var range = $"groupId={Site}&from={Utc(cluster.Clock.GetUtcNow().AddDays(-1))}&to={Utc(cluster.Clock.GetUtcNow().AddMinutes(1))}";
        var all = (await ops.GetFromJsonAsync<JsonElement>($"/api/v1/journal?{range}&limit=1000")).GetProperty("entries").EnumerateArray()
            .Select(e => e.GetProperty("requestId").GetString()).ToList();
        Assert.True(all.Count >= 2, $"{all.Count} entries");

        var seen = new List<string?>();
        string? cursor = null;
        do
        {
            var page = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/journal?{range}&limit=1" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("requestId").GetString()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null && seen.Count <= all.Count);

        Assert.Equal(all, seen);
    }

    [Fact]
    public async Task The_history_of_a_reported_period_holds_the_limit_in_force_and_the_figures_reported()
    {
        var (_, start, asset, _) = await ReportOnePeriodAsync();
        await FlushAsync();
        using var ops = await cluster.OperatorAsync();
        var limitKw = (await cluster.SiteAsync(Site)).GetProperty("limitKw").GetDouble();

        var history = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}/history?from={Utc(start.AddHours(-1))}&to={Utc(start.AddMinutes(15))}");
        var period = Assert.Single(history.GetProperty("periods").EnumerateArray(), p => p.GetProperty("periodStart").GetDateTimeOffset() == start);
        Assert.Equal(start.AddMinutes(15), period.GetProperty("periodEnd").GetDateTimeOffset());
        Assert.Equal(limitKw, period.GetProperty("limitKwMin").GetDouble(), 6);
        Assert.Equal(limitKw, period.GetProperty("limitKwMax").GetDouble(), 6);
        // The wire carries the figures rounded to the Wh and the W; the history keeps them as computed.
        Assert.Equal(asset.GetProperty("energy_measurement").GetProperty("value").GetDouble(), period.GetProperty("energyKwh").GetDouble(), 3);
        Assert.True(period.GetProperty("energyKwh").GetDouble() >= 2.3, $"at least what the two samples of the period add: {period}");
        Assert.Equal(asset.GetProperty("instantaneous_measurement").GetProperty("value").GetDouble(), period.GetProperty("maxKw").GetDouble(), 3);
        Assert.Equal(20, period.GetProperty("maxKw").GetDouble(), 3);
        Assert.True(period.GetProperty("complete").GetBoolean());
        Assert.True(period.GetProperty("reported").GetDateTimeOffset() >= start.AddMinutes(15));
        // The forecast's version was issued at the period's start, and the CSMS simulator confirmed it applied.
        var version = Assert.Single(history.GetProperty("versions").EnumerateArray(), v => v.GetProperty("issuedAt").GetDateTimeOffset() == start);
        Assert.Equal("forecast", version.GetProperty("reason").GetString());
        Assert.True(version.GetProperty("version").GetInt64() >= 1);
        Assert.NotEqual(JsonValueKind.Null, version.GetProperty("appliedAt").ValueKind);
    }

    [Fact]
    public async Task Retention_removes_journal_entries_and_history_rows_older_than_their_days_and_keeps_the_rest()
    {
        const string other = "BUS_AUK_2";
        var now = cluster.Clock.GetUtcNow();
        var silo = cluster.Silos[0].Services;
        var journal = silo.GetRequiredService<IOscpMessageJournal>();
        var history = silo.GetRequiredService<ISiteHistory>();
        OscpJournalEntry Entry(DateTimeOffset at, string requestId) =>
            new(at, JournalDirections.Out, VectorPeerCluster.PeerId, other, "update_asset_measurements", requestId, null, 204, 1, ReadOnlyMemory<byte>.Empty, false);
        PeriodHistory Period(DateTimeOffset at) => new(other, at, at.AddMinutes(15), 50, 60, 1.5, 20, at.AddMinutes(17), true);
        var oldEntry = now.AddDays(-91);
        var keptEntry = now.AddDays(-89);
        var oldPeriod = now.AddDays(-401).AddMinutes(-now.Minute);
        var keptPeriod = now.AddDays(-399).AddMinutes(-now.Minute);
        journal.Record(Entry(oldEntry, "old-entry"));
        journal.Record(Entry(keptEntry, "kept-entry"));
        history.PeriodReported(Period(oldPeriod));
        history.PeriodReported(Period(keptPeriod));
        await FlushAsync();

        var (journalRemoved, historyRemoved) = await silo.GetRequiredService<RecordRetention>().RunAsync(cluster.Clock.GetUtcNow());

        Assert.Equal(2, journalRemoved); // the entry's day row and its site-month row
        Assert.Equal(1, historyRemoved);
        using var ops = await cluster.OperatorAsync();
        async Task<int> EntriesAsync(DateTimeOffset at) =>
            (await ops.GetFromJsonAsync<JsonElement>($"/api/v1/journal?groupId={other}&from={Utc(at.AddMinutes(-1))}&to={Utc(at.AddMinutes(1))}"))
                .GetProperty("entries").GetArrayLength();
        async Task<int> PeriodsAsync(DateTimeOffset at) =>
            (await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{other}/history?from={Utc(at.AddMinutes(-1))}&to={Utc(at.AddMinutes(1))}"))
                .GetProperty("periods").GetArrayLength();
        Assert.Equal(0, await EntriesAsync(oldEntry));
        Assert.Equal(1, await EntriesAsync(keptEntry));
        Assert.Equal(0, await PeriodsAsync(oldPeriod));
        Assert.Equal(1, await PeriodsAsync(keptPeriod));
    }

    [Theory]
    [InlineData("/api/v1/journal?from=yesterday", "from")]
    [InlineData("/api/v1/journal?to=2026-11-26T12:00:00", "to")]
    [InlineData("/api/v1/journal?from=2026-10-01T00:00:00Z&to=2026-11-26T00:00:00Z", "to")]
    [InlineData("/api/v1/journal?from=2026-11-26T00:00:00Z&to=2026-11-25T00:00:00Z", "from")]
    [InlineData("/api/v1/journal?limit=0", "limit")]
    [InlineData("/api/v1/journal?limit=1001", "limit")]
    [InlineData("/api/v1/journal?limit=ten", "limit")]
    [InlineData("/api/v1/journal?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/journal?direction=sideways", "direction")]
    [InlineData("/api/v1/journal?peerId=no%20such", "peerId")]
    [InlineData("/api/v1/journal?groupId=a/b", "groupId")]
    [InlineData("/api/v1/journal?message=Heartbeat!", "message")]
    [InlineData("/api/v1/journal?peer=vector_test", "peer")]
    [InlineData("/api/v1/journal?limit=5&limit=6", "limit")]
    [InlineData("/api/v1/journal/export?from=2026-10-01T00:00:00Z&to=2026-11-26T00:00:00Z", "to")]
    [InlineData("/api/v1/journal/export?cursor=%20", "cursor")]
    [InlineData("/api/v1/sites/BUS_AUK_1/history?from=2026-13-01T00:00:00Z", "from")]
    [InlineData("/api/v1/sites/BUS_AUK_1/history?from=2026-10-01T00:00:00Z&to=2026-11-26T00:00:00Z", "to")]
    [InlineData("/api/v1/sites/BUS_AUK_1/history?limit=5", "limit")]
    public async Task A_bad_query_is_answered_400_naming_the_parameter(string path, string parameter)
    {
        using var ops = await cluster.OperatorAsync();
        using var response = await ops.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.StartsWith(parameter + ":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_cursor_of_another_range_is_refused_and_unknown_sites_have_no_history()
    {
        using var ops = await cluster.OperatorAsync();
        var cursor = RecordCursor("0000000000000000001-ab-000000000001");
        using var stale = await ops.GetAsync($"/api/v1/journal?cursor={cursor}");
        Assert.Equal(HttpStatusCode.BadRequest, stale.StatusCode);
        Assert.Contains("cursor:", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var unknown = await ops.GetAsync("/api/v1/sites/NO_SUCH_SITE/history");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Only_operators_read_the_journal_and_the_history()
    {
        using var csms = await cluster.CsmsClientAsync();
        using var journal = await csms.GetAsync("/api/v1/journal");
        using var history = await csms.GetAsync($"/api/v1/sites/{Site}/history");
        using var nobody = new HttpClient { BaseAddress = cluster.Gateway.BaseAddress };
        using var anonymous = await nobody.GetAsync("/api/v1/journal/export");

        Assert.Equal(HttpStatusCode.Forbidden, journal.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, history.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_history_and_journal_routes_with_their_parameters_and_errors()
    {
        var document = await cluster.Gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var (path, parameters) in new[]
        {
            ("/api/v1/sites/{groupId}/history", new[] { "groupId", "from", "to" }),
            ("/api/v1/journal", new[] { "peerId", "groupId", "message", "direction", "from", "to", "limit", "cursor" }),
            ("/api/v1/journal/export", new[] { "peerId", "groupId", "message", "direction", "from", "to", "limit", "cursor" }),
        })
        {
            var get = paths.GetProperty(path).GetProperty("get");
            Assert.Equal(parameters.Order(), get.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
            var responses = get.GetProperty("responses");
            Assert.True(responses.TryGetProperty("200", out _), path);
            Assert.True(responses.GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _), path);
        }
        Assert.True(paths.GetProperty("/api/v1/journal/export").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").TryGetProperty("application/x-ndjson", out _));
    }

    private static string RecordCursor(string rowKey) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("j1:" + rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// At the start of the next period: a forecast (its own version from that instant), two samples of one charger
    /// (2.3 kWh apart, at most 20 kW), the period closed and its report accepted by the CP.
    /// </summary>
    private async Task<(SentMessage Forecast, DateTimeOffset Start, JsonElement Asset, ReceivedMessage Report)> ReportOnePeriodAsync()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart().AddMinutes(15);
        cluster.AdvanceTo(start);
        var webhooks = cluster.LastWebhook();
        var forecast = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = DoeCluster.BaseDoeKw + 20 + start.Minute })).Single();
        Assert.True(forecast.Delivered, forecast.ToString());
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > webhooks && w.GroupId == Site && w.Reason == "forecast", Timeout);
        await cluster.Csms.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Applied && c.GroupId == Site && c.Version == webhook.Version && c.Succeeded, Timeout);
        cluster.AdvanceTo(start.AddMinutes(11));
        // The register only goes up from one call to the next (a drop would read as a reset or a glitch).
        var register = 10_000 * (1 + ((start - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks / TimeSpan.FromMinutes(15).Ticks));
        await cluster.PostSamplesAsync(Site,
            Sample($"{Site}-CS1", start.AddMinutes(1), register, 11_000),
            Sample($"{Site}-CS1", start.AddMinutes(10), register + 2_300, 20_000));
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        // A reading past the period's end makes it complete (the charger was drawing power at its end).
        await cluster.PostSamplesAsync(Site, Sample($"{Site}-CS1", start.AddMinutes(16), register + 3_300, 10_000));
        await cluster.Site(Site).TickAsync();
        var asset = await cluster.WaitForReportAsync(Site, start);
        var report = cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements).Last(m => m.Status == 204 && IsReport(m, Site, start));
        return (forecast, start, asset, report);
    }

    /// <summary>Waits until every journal and history entry taken so far, by the gateway and every silo, is in storage.</summary>
    private async Task FlushAsync()
    {
        await cluster.Gateway.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
        foreach (var silo in cluster.Silos)
        {
            await silo.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
            await silo.Services.GetRequiredService<TableBatchWriter<TableTransactionAction>>().FlushAsync().WaitAsync(Timeout);
        }
    }
}
