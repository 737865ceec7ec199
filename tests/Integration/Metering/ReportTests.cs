using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>Quarter-hour reports to the CP (vector profile) through the durable outbox. The tests of this class run in order on one cluster.</summary>
public sealed class ReportTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>, IAsyncLifetime
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";
    private const string OtherSite = "BUS_AUK_2";

    /// <summary>Scripted answers go to whichever report comes first: only <see cref="Site"/> reports in these tests.</summary>
    public async Task InitializeAsync()
    {
        using var ops = await cluster.OperatorAsync();
        using var disabled = await ops.DeleteAsync($"/api/v1/sites/{OtherSite}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, disabled.StatusCode);
    }

    /// <inheritdoc />
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Samples_from_several_chargers_give_the_exact_energy_and_maximum_load_of_the_period()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(11));
        // Each charger's first sample only anchors its register; the energy is what the registers add after it.
        await cluster.PostSamplesAsync(Site,
            Sample("BUS_AUK_1-CS1", start.AddMinutes(1), 10_000, 11_000),
            Sample("BUS_AUK_1-CS2", start.AddMinutes(2), 50_000, 7_000),
            Sample("BUS_AUK_1-CS1", start.AddMinutes(6), 10_900, 22_000),
            Sample("BUS_AUK_1-CS2", start.AddMinutes(6), 50_700, 9_500),
            Sample("BUS_AUK_1-CS1", start.AddMinutes(10), 12_300, 20_000),
            Sample("BUS_AUK_1-CS2", start.AddMinutes(10), 51_500, 30_250));
        // The same sample again counts once.
        await cluster.PostSamplesAsync(Site, Sample("BUS_AUK_1-CS1", start.AddMinutes(10), 12_300, 20_000));

        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        var asset = await cluster.WaitForReportAsync(Site, start);

        Assert.Equal(Site, asset.GetProperty("asset_id").GetString());
        Assert.Equal("CHARGING", asset.GetProperty("asset_category").GetString());
        var energy = asset.GetProperty("energy_measurement");
        Assert.Equal(3.8, energy.GetProperty("value").GetDouble(), 6); // (12 300 − 10 000) + (51 500 − 50 000) Wh
        Assert.Equal("KWH", energy.GetProperty("unit").GetString());
        Assert.Equal("IMPORT", energy.GetProperty("direction").GetString());
        Assert.Equal("ALL", energy.GetProperty("phase").GetString());
        Assert.Equal(start.AddMinutes(15), energy.GetProperty("measure_time").GetDateTimeOffset());
        var load = asset.GetProperty("instantaneous_measurement");
        Assert.Equal(50.25, load.GetProperty("value").GetDouble(), 6); // 20 000 + 30 250 W at minute 10
        Assert.Equal("KW", load.GetProperty("unit").GetString());
        Assert.Equal(start.AddMinutes(15), load.GetProperty("measure_time").GetDateTimeOffset());
        Assert.EndsWith("Z", JsonDocument.Parse(cluster.Reports(Site).Last().Message.Body).RootElement
            .GetProperty("measurements")[0].GetProperty("energy_measurement").GetProperty("measure_time").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_the_cp_answers_500_three_times_is_delivered_exactly_once_afterwards()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([500, 500, 500]));
        try
        {
            cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
            await cluster.Site(Site).TickAsync();
            // Our client retries twice at once, so one send meets all three 500s; the outbox then backs off.
            await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.UpdateAssetMeasurements && m.Status == 500
                && cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements).Count(r => r.Sequence > mark && r.Status == 500) == 3, Timeout);
            // The site records the failure and backs off (0.5–1 s on the product clock); move the clock to its retry.
            var waiting = await cluster.WaitForOutboxAsync(Site, o => o.Queued.Any(m => m.PeriodStart == start && m.Attempts == 1));
            var retry = waiting.Queued.Single(m => m.PeriodStart == start);
            Assert.Contains("500", retry.LastError, StringComparison.Ordinal);
            cluster.AdvanceTo(retry.NextAttemptAt!.Value);
            await cluster.WaitForReportAsync(Site, start);
        }
        finally
        {
            cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
        }

        // Later periods come and go; this one was accepted exactly once.
        var next = start.AddMinutes(15);
        cluster.AdvanceTo(next.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        await cluster.WaitForReportAsync(Site, next);
        var calls = cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements).Where(m => m.Sequence > mark && IsReport(m, Site, start)).ToList();
        Assert.Equal([500, 500, 500, 204], calls.Select(c => c.Status));
        Assert.Equal(4, calls.Select(c => c.RequestId).Distinct().Count());
    }

    [Fact]
    public async Task Reports_wait_while_the_peer_is_offline_and_go_in_order_once_it_is_back()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        // On a forecast above the base DOE first, so coming down to the base DOE when the connection is lost shows as a
        // new version (a lost connection only ever lowers a limit).
        Assert.True((await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = DoeCluster.BaseDoeKw + 50 })).Single().Delivered);
        var first = cluster.PeriodStart();
        var mark = cluster.Mark();
        var webhooks = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();
        cluster.Simulator.SetSilent(true, answerStatus: 503);
        using var ops = await cluster.OperatorAsync();
        // A new handshake the silent CP refuses takes the connection down.
        using var _ = await ops.PostAsync($"/api/v1/peers/{VectorPeerCluster.PeerId}/handshake", null);
        Assert.NotEqual("Online", (await cluster.PeerAsync()).GetProperty("state").GetString());
        // The peer tells its sites through the registry; the site shows it by falling back to its base DOE.
        await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > webhooks && w.GroupId == Site && w.Reason == "base_doe", Timeout);
        Assert.False((await cluster.Site(Site).GetOutboxAsync())!.PeerOnline);

        // Two hours pass without a tick (the site idle); the next one catches up on all eight quarter hours.
        cluster.AdvanceTo(first.AddHours(2) + PastSpread);
        await cluster.Site(Site).TickAsync();
        var waiting = (await cluster.Site(Site).GetOutboxAsync())!;
        Assert.Equal(8, (await cluster.SiteAsync(Site)).GetProperty("outboxDepth").GetInt32() - waiting.Queued.Count(m => m.PeriodStart < first));
        Assert.Equal(8, waiting.Queued.Count(m => m.Message == "update_asset_measurements" && m.PeriodStart >= first));
        Assert.DoesNotContain(cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements), m => m.Sequence > mark);

        cluster.Simulator.SetSilent(false);
        await cluster.Simulator.StartHandshakeAsync();
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var last = first.AddMinutes(15 * 7);
        await cluster.WaitForReportAsync(Site, last);

        var delivered = cluster.Reports(Site, mark)
            .Select(r => r.Asset.GetProperty("energy_measurement").GetProperty("initial_measure_time").GetDateTimeOffset())
            .Where(t => t >= first).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => first.AddMinutes(15 * i)), delivered);
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.Count == 0); // removed once the grain has the 204, just after the CP wrote it
    }

    [Fact]
    public async Task A_report_the_cp_refuses_with_400_is_recorded_as_rejected_with_its_body_and_not_retried()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([400]));
        try
        {
            cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
            await cluster.Site(Site).TickAsync();
            var outbox = await cluster.WaitForOutboxAsync(Site, o => o.Rejected.Any(m => m.PeriodStart == start));

            var rejected = outbox.Rejected.Single(m => m.PeriodStart == start);
            Assert.StartsWith("400: ", rejected.LastError, StringComparison.Ordinal);
            Assert.DoesNotContain(outbox.Queued, m => m.PeriodStart == start);
        }
        finally
        {
            cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
        }

        // The next period goes as usual; the refused one never again.
        var next = start.AddMinutes(15);
        cluster.AdvanceTo(next.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        await cluster.WaitForReportAsync(Site, next);
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements), m => m.Sequence > mark && IsReport(m, Site, start));
    }

    [Fact]
    public async Task A_not_connected_answer_keeps_the_report_takes_the_peer_offline_and_it_goes_after_the_next_handshake()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([409]));

        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        // 409 is the peer's "not connected" status: we handshake again, and the report goes once the CP acknowledged.
        var handshake = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.Handshake && m.Status == 204, Timeout);
        await cluster.WaitForReportAsync(Site, start);

        var calls = cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements).Where(m => m.Sequence > mark && IsReport(m, Site, start)).ToList();
        Assert.Equal([409, 204], calls.Select(c => c.Status));
        Assert.True(handshake.Sequence > calls[0].Sequence && handshake.Sequence < calls[1].Sequence);
    }

    [Fact]
    public async Task A_report_refused_401_after_a_token_refresh_flags_the_credentials_and_is_kept_for_a_later_attempt()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart();
        var mark = cluster.Mark();
        cluster.Simulator.ScriptAnswers(OscpMessageKind.UpdateAssetMeasurements, new ScriptedAnswers([401, 401]));
        try
        {
            cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
            await cluster.Site(Site).TickAsync();
            var waiting = await cluster.WaitForOutboxAsync(Site, o => o.Queued.Any(m => m.PeriodStart == start && m.Attempts == 1));

            var kept = waiting.Queued.Single(m => m.PeriodStart == start);
            Assert.Contains("401", kept.LastError, StringComparison.Ordinal);
            Assert.True((await cluster.PeerAsync()).GetProperty("credentialsRejected").GetBoolean());
            cluster.AdvanceTo(kept.NextAttemptAt!.Value);
            await cluster.WaitForReportAsync(Site, start);
        }
        finally
        {
            cluster.Simulator.ClearScripts(OscpMessageKind.UpdateAssetMeasurements);
        }

        var calls = cluster.Simulator.Received(OscpMessageKind.UpdateAssetMeasurements).Where(m => m.Sequence > mark && IsReport(m, Site, start)).ToList();
        Assert.Equal([401, 401, 204], calls.Select(c => c.Status));
    }
}
