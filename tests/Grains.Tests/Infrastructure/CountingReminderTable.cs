using System.Collections.Concurrent;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>
/// The silo's reminder table with its single-row reads counted per grain: what <c>GetReminder</c> costs (a Table read
/// in production). Everything else is passed through unchanged.
/// </summary>
public sealed class CountingReminderTable(IReminderTable inner) : IReminderTable
{
    private readonly ConcurrentDictionary<GrainId, int> reads = new();

    /// <summary>The single-row reads of <paramref name="grainId"/>'s reminders so far.</summary>
    public int ReadsOf(GrainId grainId) => reads.GetValueOrDefault(grainId);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken = default) => inner.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName)
    {
        reads.AddOrUpdate(grainId, 1, (_, n) => n + 1);
        return inner.ReadRow(grainId, reminderName);
    }

    /// <inheritdoc />
    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) => ReadRow(grainId, reminderName);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId) => inner.ReadRows(grainId);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) => inner.ReadRows(grainId);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end) => inner.ReadRows(begin, end);

    /// <inheritdoc />
    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => inner.ReadRows(begin, end);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => inner.RemoveRow(grainId, reminderName, eTag);

    /// <inheritdoc />
    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) => inner.RemoveRow(grainId, reminderName, eTag);

    /// <inheritdoc />
    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    /// <inheritdoc />
    public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable();

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry) => inner.UpsertRow(entry);

    /// <inheritdoc />
    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) => inner.UpsertRow(entry);
}
