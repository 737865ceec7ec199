using System.Net;
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
            Assert.Contains("nothing was accepted", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }
}
