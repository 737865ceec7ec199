using Azure;
using Azure.Data.Tables;

namespace OscpFleet.Hosting.Records;

/// <summary>Cuts table actions into Azure Table transactions.</summary>
public static class TableBatches
{
    /// <summary>Most actions in one transaction (Azure Table's limit).</summary>
    public const int MaxBatch = 100;

    /// <summary>Most estimated bytes in one transaction (Azure Table allows 4 MiB).</summary>
    public const int MaxBatchBytes = 2 * 1024 * 1024;

    /// <summary>
    /// The actions as transactions: per partition in order of arrival, cut at <see cref="MaxBatch"/> actions and at
    /// about <see cref="MaxBatchBytes"/>. A transaction may touch a row once, so upserts of one row are folded into one
    /// (a replace takes the row as the later action has it; a merge adds its properties to what came before); any other
    /// repeat starts a new transaction.
    /// </summary>
    public static IEnumerable<List<TableTransactionAction>> Of(IEnumerable<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>();
            var rows = new Dictionary<string, int>(StringComparer.Ordinal);
            var bytes = 0;
            foreach (var action in partition)
            {
                if (rows.TryGetValue(action.Entity.RowKey, out var index) && Fold(batch[index], action) is { } folded)
                {
                    batch[index] = folded;
                    continue;
                }

                var size = EstimateBytes(action.Entity);
                if (batch.Count > 0 && (batch.Count == MaxBatch || bytes + size > MaxBatchBytes || rows.ContainsKey(action.Entity.RowKey)))
                {
                    yield return batch;
                    batch = [];
                    rows.Clear();
                    bytes = 0;
                }

                rows[action.Entity.RowKey] = batch.Count;
                batch.Add(action);
                bytes += size;
            }

            if (batch.Count > 0) yield return batch;
        }
    }

    /// <summary>One action doing what <paramref name="first"/> then <paramref name="then"/> do to the same row; null when they cannot be folded.</summary>
    private static TableTransactionAction? Fold(TableTransactionAction first, TableTransactionAction then)
    {
        var upserts = first.ActionType is TableTransactionActionType.UpsertMerge or TableTransactionActionType.UpsertReplace;
        if (!upserts || first.Entity is not TableEntity earlier || then.Entity is not TableEntity later) return null;
        if (then.ActionType == TableTransactionActionType.UpsertReplace) return then;
        if (then.ActionType != TableTransactionActionType.UpsertMerge) return null;
        var merged = new TableEntity(earlier);
        foreach (var (key, value) in later) merged[key] = value;
        return new TableTransactionAction(first.ActionType, merged);
    }

    /// <summary>The storage status of a failure (also inside the AggregateException of Azure's retries); 0 when none.</summary>
    internal static int StatusOf(Exception e) => e switch
    {
        RequestFailedException failed => failed.Status,
        AggregateException all => all.InnerExceptions.OfType<RequestFailedException>().Select(f => f.Status).LastOrDefault(),
        _ => 0,
    };

    private static int EstimateBytes(ITableEntity entity)
    {
        var size = 64 + ((entity.PartitionKey.Length + entity.RowKey.Length) * 2);
        if (entity is TableEntity properties)
        {
            foreach (var (key, value) in properties)
            {
                size += (key.Length * 2) + value switch
                {
                    string text => text.Length * 2,
                    byte[] binary => binary.Length,
                    _ => 16,
                };
            }
        }

        return size;
    }
}
