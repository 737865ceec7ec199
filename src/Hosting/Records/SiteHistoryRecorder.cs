using Azure.Data.Tables;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Hosting.Records;

/// <summary><see cref="ISiteHistory"/> on <see cref="HistoryTable"/>, through the process's history buffer (stream <c>history</c>).</summary>
public sealed class SiteHistoryRecorder(TableBatchWriter<TableTransactionAction> writer, string serviceId) : ISiteHistory
{
    /// <summary>Rows the buffer holds at most before it counts drops.</summary>
    public const int BufferCapacity = 20_000;

    /// <inheritdoc />
    public void PeriodReported(PeriodHistory period) => writer.TryWrite(HistoryTable.Period(serviceId, period));

    /// <inheritdoc />
    public void VersionIssued(VersionHistory version) => writer.TryWrite(HistoryTable.Issued(serviceId, version));

    /// <inheritdoc />
    public void VersionApplied(string groupId, long version, DateTimeOffset issuedAt, DateTimeOffset appliedAt) =>
        writer.TryWrite(HistoryTable.Applied(serviceId, groupId, version, issuedAt, appliedAt));
}
