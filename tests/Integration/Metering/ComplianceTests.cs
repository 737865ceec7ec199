using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

/// <summary>Compliance errors (detected and reported) and capacity requests, each correlated and sent once.</summary>
public sealed class ComplianceTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    [Fact]
    public async Task A_breach_of_the_forecast_in_force_sends_one_compliance_error_correlated_to_that_forecast()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var forecast = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 40 })).Single();
        Assert.True(forecast.Delivered);
        var mark = cluster.Mark();
        // Past the apply allowance of the lowered limit, in a fresh period.
        var start = cluster.PeriodStart().AddMinutes(15);
        cluster.AdvanceTo(start.AddMinutes(6));

        await cluster.PostSamplesAsync(Site,
            Sample("BUS_AUK_1-CS1", start.AddMinutes(3), 100, 30_000),
            Sample("BUS_AUK_1-CS2", start.AddMinutes(3), 100, 12_000)); // 42 kW: within the 5 % tolerance
        await cluster.PostSamplesAsync(Site,
            Sample("BUS_AUK_1-CS1", start.AddMinutes(4), 600, 35_000),
            Sample("BUS_AUK_1-CS2", start.AddMinutes(4), 300, 15_000)); // 50 kW: a breach
        await cluster.PostSamplesAsync(Site,
            Sample("BUS_AUK_1-CS1", start.AddMinutes(5), 1_200, 40_000)); // 55 kW: the same forecast and period

        var error = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.GroupCapacityComplianceError && m.Status == 204, Timeout);
        Assert.Equal(forecast.RequestId, error.CorrelationId);
        using var body = JsonDocument.Parse(error.Body);
        var message = body.RootElement.GetProperty("message").GetString()!;
        Assert.Contains(Site, message, StringComparison.Ordinal);
        Assert.Contains("50 kW", message, StringComparison.Ordinal);
        var block = body.RootElement.GetProperty("forecasted_blocks")[0];
        Assert.Equal(40, block.GetProperty("capacity").GetDouble());
        Assert.Equal("KW", block.GetProperty("unit").GetString());

        // A later event proves nothing else was queued: the next period's report arrives after just this one error.
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.Site(Site).TickAsync();
        await cluster.WaitForReportAsync(Site, start);
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.GroupCapacityComplianceError), m => m.Sequence > mark);
    }

    [Fact]
    public async Task A_compliance_error_reported_by_the_csms_is_correlated_and_sent_once_per_forecast_and_period()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var forecast = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 60 })).Single();
        var mark = cluster.Mark();
        var from = cluster.Clock.GetUtcNow();
        using var http = await cluster.CsmsClientAsync();
        var report = new { message = "charger CS1 does not accept profiles", from = from.ToString("O"), to = from.AddMinutes(30).ToString("O") };

        using var queued = await http.PostAsJsonAsync($"/api/v1/sites/{Site}/compliance-errors", report);
        using var repeated = await http.PostAsJsonAsync($"/api/v1/sites/{Site}/compliance-errors", report);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(forecast.RequestId, (await queued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("correlationId").GetString());
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var error = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.GroupCapacityComplianceError && m.Status == 204, Timeout);
        Assert.Equal(forecast.RequestId, error.CorrelationId);
        using var body = JsonDocument.Parse(error.Body);
        Assert.Equal($"site {Site}: charger CS1 does not accept profiles", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(60, body.RootElement.GetProperty("forecasted_blocks")[0].GetProperty("capacity").GetDouble());
    }

    [Fact]
    public async Task A_capacity_request_reaches_the_cp_as_an_adjustment()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var mark = cluster.Mark();
        var from = cluster.PeriodStart().AddMinutes(15);
        using var http = await cluster.CsmsClientAsync();

        using var response = await http.PostAsJsonAsync($"/api/v1/sites/{Site}/capacity-requests", new
        {
            type = "CONSUMPTION",
            blocks = new[]
            {
                new { from = from.ToString("O"), to = from.AddMinutes(15).ToString("O"), kw = 180.0 },
                new { from = from.AddMinutes(15).ToString("O"), to = from.AddMinutes(30).ToString("O"), kw = 150.0 },
            },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var adjust = await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204, Timeout);
        var message = adjust.MessageAs<AdjustGroupCapacityForecast>();
        Assert.Equal(Site, message.GroupId);
        Assert.Equal(CapacityForecastType.Consumption, message.Type);
        Assert.Equal([180.0, 150.0], message.ForecastedBlocks.Select(b => b.Capacity));
        Assert.All(message.ForecastedBlocks, b => Assert.Equal(ForecastedBlockUnit.Kw, b.Unit));
        Assert.Equal(from, message.ForecastedBlocks[0].StartTime);
    }
}
