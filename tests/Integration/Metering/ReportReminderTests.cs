using Azure.Data.Tables;
using OscpFleet.Testing;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.Metering;

public sealed class ReportReminderTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private const string Site = "BUS_AUK_2";

    [Fact]
    public async Task Each_site_has_one_quarter_hour_report_reminder_and_its_tick_closes_and_sends_the_period()
    {
        await cluster.Simulator.WaitForOnlineAsync(VectorPeerCluster.Timeout);
        var tables = new TableServiceClient(cluster.Storage.ConnectionString);
        var rows = new List<TableEntity>();
        // This cluster's reminders only (their partition keys start with its service id): storage may be shared.
        await foreach (var row in tables.GetTableClient("OrleansReminders").QueryAsync<TableEntity>(cluster.ReminderPartitions))
        {
            if (row.GetString("GrainReference") is { } grain && grain.Contains(Site, StringComparison.Ordinal) && row.GetString("ReminderName") == "site-report")
                rows.Add(row);
        }

        var reminder = Assert.Single(rows);
        Assert.Equal(TimeSpan.FromMinutes(15), ReminderPeriod(reminder));

        // What the runtime does when the reminder fires (its real-time schedule is not the test's fake clock).
        var start = cluster.PeriodStart();
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        var site = cluster.Site(Site).AsReference<IRemindable>();
        await site.ReceiveReminder("site-report", default);
        var report = await cluster.WaitForReportAsync(Site, start);

        Assert.Equal(0, report.GetProperty("energy_measurement").GetProperty("value").GetDouble());
        Assert.Equal(0, report.GetProperty("instantaneous_measurement").GetProperty("value").GetDouble());
    }

    private static TimeSpan ReminderPeriod(TableEntity row) => row["Period"] switch
    {
        string text => TimeSpan.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
        long ticks => TimeSpan.FromTicks(ticks),
        var other => throw new InvalidOperationException($"unexpected Period column {other}"),
    };
}
