using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Integration.Connection;
using OscpFleet.Testing;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Integration.Doe;

/// <summary>A DOE cluster whose storage survives being stopped, so it can come back for the teardown.</summary>
public sealed class PersistentDoeCluster : DoeCluster
{
    /// <inheritdoc />
    protected override bool PersistentStorage => true;
}

public sealed class StorageOutageTests(PersistentDoeCluster cluster) : IClassFixture<PersistentDoeCluster>
{
    [Fact]
    public async Task When_storage_is_down_a_forecast_is_answered_503_never_204()
    {
        await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = "BUS_AUK_1", CapacityKw = 120 });
        await cluster.Csms.WaitForWebhookAsync(w => w.GroupId == "BUS_AUK_1" && w.Outcome == WebhookOutcome.Applied, VectorPeerCluster.Timeout);
        var token = await cluster.CpTokenAsync();

        await cluster.StopStorageAsync();
        HttpResponseMessage response;
        try
        {
            response = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
                Forecasts.Body("BUS_AUK_1", cluster.Clock.GetUtcNow(), 42), token, "storage-down");
        }
        finally
        {
            // Without storage the processes cannot shut down promptly; give it back for the teardown.
            await cluster.RestoreStorageAsync();
        }

        using (response)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("not acknowledged", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task When_storage_is_down_the_gateway_stays_ready_and_what_needs_storage_answers_503_with_retry_after()
    {
        var token = await cluster.CpTokenAsync();
        using var ops = await cluster.OperatorAsync();

        await cluster.StopStorageAsync();
        HttpResponseMessage ready, forecast, onboard;
        try
        {
            ready = await cluster.Gateway.Http.GetAsync("/readyz");
            forecast = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
                Forecasts.Body("BUS_AUK_2", cluster.Clock.GetUtcNow(), 42), token, "storage-down-ready");
            onboard = await ops.PutAsJsonAsync("/api/v1/sites/OUTAGE_NEW_1", new
            {
                peerId = DoeCluster.OtherPeer, assetId = "OUTAGE_NEW_1", timeZone = "Pacific/Auckland",
                baseDoe = new[] { new { from = "00:00", kw = 100.0 } }, maxImportKw = 200.0, csms = "main",
            });
        }
        finally
        {
            await cluster.RestoreStorageAsync();
        }

        using (ready)
        {
            // Still in the load balancer: readiness says Degraded and why, with 200.
            var body = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.OK, body);
            var checks = JsonDocument.Parse(body).RootElement;
            Assert.Equal("Degraded", checks.GetProperty("status").GetString());
            Assert.Equal("Degraded", checks.GetProperty("checks").GetProperty("storage").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("checks").GetProperty("cluster").GetProperty("status").GetString());
        }
        foreach (var answer in new[] { forecast, onboard })
        {
            using (answer)
            {
                var path = answer.RequestMessage!.RequestUri!.AbsolutePath;
                Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{path}: {answer.StatusCode}");
                Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
                Assert.Contains("not acknowledged", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
                // The API answers ProblemDetails, the OSCP endpoint {"message"}.
                Assert.Equal(answer == onboard ? "application/problem+json" : "application/json", answer.Content.Headers.ContentType?.MediaType);
            }
        }
    }
}
