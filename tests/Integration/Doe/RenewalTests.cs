using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Orleans.Runtime;
using Orleans.Storage;
using OscpFleet.Grains;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Testing;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Integration.Doe;

public sealed class RenewalTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private const string Site = "BUS_AUK_2";

    [Fact]
    public async Task A_site_without_new_forecasts_renews_its_schedule_before_less_than_12_hours_remain()
    {
        var version = (await cluster.SiteAsync(Site)).GetProperty("version").GetInt64();
        var before = cluster.Csms.Webhooks().Select(w => w.Sequence).DefaultIfEmpty(0).Max();
        var grains = cluster.Gateway.Services.GetRequiredService<IClusterClient>();

        cluster.Clock.Advance(TimeSpan.FromHours(11));
        await grains.GetGrain<ISiteGrain>(Site).TickAsync();
        var unchanged = (await cluster.SiteAsync(Site)).GetProperty("version").GetInt64();
        cluster.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        await grains.GetGrain<ISiteGrain>(Site).TickAsync();
        var renewed = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Version > version, VectorPeerCluster.Timeout);

        Assert.Equal(version, unchanged);
        using var body = JsonDocument.Parse(renewed.Body);
        var schedule = body.RootElement.GetProperty("schedule");
        Assert.Equal(cluster.Clock.GetUtcNow(), schedule[0].GetProperty("from").GetDateTimeOffset());
        Assert.Equal(cluster.Clock.GetUtcNow().AddHours(24), schedule[schedule.GetArrayLength() - 1].GetProperty("to").GetDateTimeOffset());
        Assert.Equal(WebhookOutcome.Applied, renewed.Outcome);
    }

    [Fact]
    public async Task A_site_keeps_its_report_reminder_which_also_renews_and_no_hourly_renewal_reminder_beside_it()
    {
        // This peer reports every 15 minutes: the report reminder's tick (TickAsync) renews as well.
        var names = await ReminderNamesAsync(Site);

        Assert.Contains("site-report", names);
        Assert.DoesNotContain("site-renewal", names);
    }

    [Fact]
    public async Task A_new_site_writes_its_site_row_and_its_report_reminder_and_no_empty_meter_or_outbox_row()
    {
        const string newSite = "COST_NEW_1";
        using var ops = await cluster.OperatorAsync();

        using var created = await ops.PutAsJsonAsync($"/api/v1/sites/{newSite}", new
        {
            peerId = VectorPeerCluster.PeerId, assetId = newSite, timeZone = "Pacific/Auckland", maxImportKw = 200, csms = "main",
            baseDoe = new[] { new { from = "00:00", kw = 100 } },
        });
        var storage = cluster.Silos[0].Services.GetRequiredKeyedService<IGrainStorage>(FleetStorage.Name);
        var grainId = GrainId.Create("site", newSite);
        var names = await ReminderNamesAsync(newSite);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(await StoredAsync<OscpFleet.Grains.Sites.SiteState>(storage, "site", grainId));
        Assert.False(await StoredAsync<SiteMeterRecord>(storage, "meter", grainId));
        Assert.False(await StoredAsync<SiteOutboxState>(storage, "outbox", grainId));
        Assert.Contains("site-report", names);
        Assert.DoesNotContain("site-renewal", names);
    }

    private async Task<List<string>> ReminderNamesAsync(string site)
    {
        var tables = new TableServiceClient(cluster.Storage.ConnectionString);
        // This cluster's reminders only (their partition keys start with its service id): storage may be shared.
        var reminders = tables.GetTableClient("OrleansReminders").QueryAsync<TableEntity>(cluster.ReminderPartitions);
        var names = new List<string>();
        await foreach (var row in reminders)
        {
            if (row.GetString("GrainReference") is { } grain && grain.Contains(site, StringComparison.Ordinal)) names.Add(row.GetString("ReminderName"));
        }
        return names;
    }

    private static async Task<bool> StoredAsync<T>(IGrainStorage storage, string stateName, GrainId grainId)
        where T : class, new()
    {
        var holder = new GrainState<T>(new T());
        await storage.ReadStateAsync(stateName, grainId, holder);
        return holder.RecordExists;
    }
}
