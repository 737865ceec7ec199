using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using OscpFleet.Hosting.Records;

namespace OscpFleet.Gateway.Tests.Records;

/// <summary>
/// A table that keeps each submitted transaction, can hold the writer inside a write until released (so a test
/// decides what gathers in the buffer meanwhile), and fails the partitions it is told to.
/// </summary>
internal sealed class FakeTableSink : ITableBatchSink
{
    private readonly ConcurrentQueue<IReadOnlyList<TableTransactionAction>> batches = new();
    private TaskCompletionSource? hold;
    private readonly TaskCompletionSource entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<IReadOnlyList<TableTransactionAction>> Batches => [.. batches];

    /// <summary>Partitions whose writes fail (as storage answering 503).</summary>
    public HashSet<string> FailingPartitions { get; } = [];

    /// <summary>Partitions whose writes fail after the SDK's retries (an AggregateException).</summary>
    public HashSet<string> GivingUpPartitions { get; } = [];

    /// <summary>Completes when a held write has begun.</summary>
    public Task Entered => entered.Task;

    /// <summary>The next write waits until <see cref="Release"/>.</summary>
    public void Hold() => hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => hold?.TrySetResult();

    public async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        if (hold is { } waiting)
        {
            entered.TrySetResult();
            await waiting.Task;
            hold = null;
        }

        if (FailingPartitions.Contains(actions[0].Entity.PartitionKey)) throw new RequestFailedException(503, "storage unavailable");
        // What Azure's retry policy throws when every try failed.
        if (GivingUpPartitions.Contains(actions[0].Entity.PartitionKey))
            throw new AggregateException("Retry failed after 4 tries.", new RequestFailedException(500, "try 1"), new RequestFailedException(503, "try 4"));
        batches.Enqueue(actions);
    }
}
