using System.Text.Json;
using Azure.Data.Tables;
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
    public async Task Every_site_keeps_an_hourly_renewal_reminder()
    {
        var tables = new TableServiceClient(cluster.Storage.ConnectionString);
        // This cluster's reminders only (their partition keys start with its service id): storage may be shared.
        var reminders = tables.GetTableClient("OrleansReminders").QueryAsync<TableEntity>(cluster.ReminderPartitions);

        var names = new List<string>();
        await foreach (var row in reminders)
        {
            if (row.GetString("GrainReference") is { } grain && grain.Contains(Site, StringComparison.Ordinal)) names.Add(row.GetString("ReminderName"));
        }

        Assert.Contains("site-renewal", names);
    }
}
