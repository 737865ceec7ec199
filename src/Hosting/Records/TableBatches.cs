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
    /// The actions as transactions: per partition in order of arrival, cut at <see cref="MaxBatch"/> actions, at about
    /// <see cref="MaxBatchBytes"/>, and before a row repeats (a transaction may touch a row once).
    /// </summary>
    public static IEnumerable<List<TableTransactionAction>> Of(IEnumerable<TableTransactionAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            var batch = new List<TableTransactionAction>();
            var rows = new HashSet<string>(StringComparer.Ordinal);
            var bytes = 0;
            foreach (var action in partition)
            {
                var size = EstimateBytes(action.Entity);
                if (batch.Count > 0 && (batch.Count == MaxBatch || bytes + size > MaxBatchBytes || rows.Contains(action.Entity.RowKey)))
                {
                    yield return batch;
                    batch = [];
                    rows.Clear();
                    bytes = 0;
                }

                batch.Add(action);
                rows.Add(action.Entity.RowKey);
                bytes += size;
            }

            if (batch.Count > 0) yield return batch;
        }
    }

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
