using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;
using OscpFleet.Grains;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Hosting.Records;

/// <summary>Registers the message journal, the site history and their retention.</summary>
public static class RecordRegistration
{
    /// <summary>
    /// How long a writer's round waits for more records once the first is in: records arriving together go in fuller
    /// transactions, and a version's "issued" and "applied" rows (usually a few tens of milliseconds apart) become one
    /// write. Records are best effort either way; this is at most a quarter second more of them to lose in a crash.
    /// </summary>
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The message journal of this process: <see cref="IOscpMessageJournal"/> (the outbound OSCP client records into it
    /// when it is registered) and its background writer.
    /// </summary>
    public static IServiceCollection AddMessageJournal(this IServiceCollection services)
    {
        var writerId = Guid.NewGuid().ToString("N")[..8];
        long sequence = 0;
        services.AddSingleton(sp =>
        {
            var serviceId = sp.GetRequiredService<IOptions<FleetClusterOptions>>().Value.ServiceId;
            return new TableBatchWriter<OscpJournalEntry>(
                "journal",
                MessageJournal.BufferCapacity,
                new TableBatchSink(sp.GetRequiredService<TableServiceClient>(), JournalTable.TableName),
                entry => JournalTable.Rows(serviceId, entry, writerId, Interlocked.Increment(ref sequence)),
                depth => new RecordMetrics(sp.GetRequiredService<IMeterFactory>(), "journal", depth),
                sp.GetRequiredService<ILogger<MessageJournal>>(),
                sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key),
                Linger);
        });
        services.AddHostedService(sp => sp.GetRequiredService<TableBatchWriter<OscpJournalEntry>>());
        services.AddSingleton<IOscpMessageJournal, MessageJournal>();
        return services;
    }

    /// <summary>The site history (<see cref="ISiteHistory"/>, read by site grains) and its background writer.</summary>
    public static IServiceCollection AddSiteHistory(this IServiceCollection services)
    {
        services.AddSingleton(sp => new TableBatchWriter<TableTransactionAction>(
            "history",
            SiteHistoryRecorder.BufferCapacity,
            new TableBatchSink(sp.GetRequiredService<TableServiceClient>(), HistoryTable.TableName),
            static action => [action],
            depth => new RecordMetrics(sp.GetRequiredService<IMeterFactory>(), "history", depth),
            sp.GetRequiredService<ILogger<SiteHistoryRecorder>>(),
            sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key),
            Linger));
        services.AddHostedService(sp => sp.GetRequiredService<TableBatchWriter<TableTransactionAction>>());
        services.AddSingleton<ISiteHistory>(sp => new SiteHistoryRecorder(
            sp.GetRequiredService<TableBatchWriter<TableTransactionAction>>(),
            sp.GetRequiredService<IOptions<FleetClusterOptions>>().Value.ServiceId));
        return services;
    }

    /// <summary>Retention of the journal and the history, on the product clock.</summary>
    public static IServiceCollection AddRecordRetention(this IServiceCollection services)
    {
        services.AddSingleton(sp => new RecordRetention(
            sp.GetRequiredService<TableServiceClient>(),
            sp.GetRequiredService<IOptions<FleetClusterOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<Oscp.Configuration.OscpOptions>>(),
            sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key),
            sp.GetRequiredService<ILogger<RecordRetention>>()));
        services.AddHostedService(sp => sp.GetRequiredService<RecordRetention>());
        return services;
    }
}
