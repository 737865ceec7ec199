using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// Keeps records off the request path: <see cref="TryWrite"/> only puts an item into a bounded in-memory buffer; a
/// background loop takes whatever has gathered, turns it into table actions and writes them as Azure Table
/// transactions (<see cref="TableBatches.Of"/>: one partition each, at most 100 actions).
/// Nothing is silently lost: an item that finds the buffer full is counted (<c>oscpfleet.&lt;name&gt;.dropped</c>) and
/// logged (at most once a minute, with the count), and the entries of a failed write are counted
/// (<c>oscpfleet.&lt;name&gt;.write_failures</c>) and logged. A failed write is not retried: the next items go on.
/// On shutdown the buffer is written out before the process ends (within the host's shutdown timeout).
/// With a <c>linger</c>, a round waits that long after its first item (unless a flush or the shutdown asks, or a full
/// round is waiting) so that what arrives together goes together: fuller transactions, and actions on the same row (a
/// version issued, then applied) folded into one.
/// </summary>
/// <typeparam name="T">The item callers hand in.</typeparam>
public sealed class TableBatchWriter<T> : BackgroundService
    where T : class
{
    /// <summary>Most items taken from the buffer in one round.</summary>
    private const int MaxRound = 1000;

    private static readonly TimeSpan DropLogInterval = TimeSpan.FromMinutes(1);

    private readonly Channel<object> buffer;
    private readonly string name;
    private readonly ITableBatchSink sink;
    private readonly Func<T, IEnumerable<TableTransactionAction>> toActions;
    private readonly RecordMetrics metrics;
    private readonly ILogger logger;
    private readonly TimeProvider clock;
    private readonly TimeSpan linger;
    private readonly Lock dropLock = new();
    private volatile TaskCompletionSource? wake;
    private volatile bool closing;
    private int flushesPending;
    private long unloggedDrops;
    private DateTimeOffset? lastDropLog;

    /// <summary>
    /// A writer of stream <paramref name="name"/> holding at most <paramref name="capacity"/> items; each round waits
    /// <paramref name="linger"/> (real time) for more once the first item is in.
    /// </summary>
    public TableBatchWriter(
        string name,
        int capacity,
        ITableBatchSink sink,
        Func<T, IEnumerable<TableTransactionAction>> toActions,
        Func<Func<int>, RecordMetrics> metrics,
        ILogger logger,
        TimeProvider clock,
        TimeSpan linger = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(linger, TimeSpan.Zero);
        this.linger = linger;
        this.name = name;
        this.sink = sink;
        this.toActions = toActions;
        this.logger = logger;
        this.clock = clock;
        Capacity = capacity;
        buffer = Channel.CreateBounded<object>(new BoundedChannelOptions(capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite answers false when full, so the drop is counted
            SingleReader = true,
        });
        this.metrics = metrics(() => buffer.Reader.Count);
    }

    /// <summary>How many items the buffer holds at most.</summary>
    public int Capacity { get; }

    /// <summary>Items waiting to be written.</summary>
    public int Buffered => buffer.Reader.Count;

    /// <summary>Takes <paramref name="item"/> for writing; never blocks. False (counted and logged) when the buffer is full.</summary>
    public bool TryWrite(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (buffer.Writer.TryWrite(item)) return true;
        metrics.Dropped();
        NoteDrop();
        return false;
    }

    /// <summary>Completes once every item taken before this call has been written (or counted as failed).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Increment(ref flushesPending);
        try
        {
            await buffer.Writer.WriteAsync(new FlushMarker(done), cancellationToken);
            wake?.TrySetResult();
            await done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref flushesPending);
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Write out what is buffered: the loop ends when the buffer is empty and closed.
        closing = true;
        buffer.Writer.TryComplete();
        wake?.TrySetResult();
        if (ExecuteTask is { } running)
        {
            try
            {
                await running.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                RecordLog.UnwrittenAtShutdown(logger, name, buffer.Reader.Count);
            }
        }

        await base.StopAsync(cancellationToken);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var items = new List<T>(MaxRound);
        var markers = new List<FlushMarker>();
        // Not stoppingToken: on shutdown the buffer is closed and drained; StopAsync bounds how long that may take.
        while (await buffer.Reader.WaitToReadAsync(CancellationToken.None))
        {
            await LingerAsync();
            while (items.Count < MaxRound && buffer.Reader.TryRead(out var next))
            {
                if (next is FlushMarker marker) markers.Add(marker);
                else items.Add((T)next);
            }

            await WriteAsync(items);
            items.Clear();
            foreach (var marker in markers) marker.Done.TrySetResult();
            markers.Clear();
        }
    }

    // Waits up to the linger for more items, unless a flush is pending, the buffer is closing, or a full round is in.
    private async Task LingerAsync()
    {
        if (linger <= TimeSpan.Zero) return;
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        wake = woken;
        try
        {
            if (Volatile.Read(ref flushesPending) > 0 || closing || buffer.Reader.Count >= MaxRound) return;
            using var timeout = new CancellationTokenSource();
            var delay = Task.Delay(linger, timeout.Token);
            if (await Task.WhenAny(woken.Task, delay) != delay) await timeout.CancelAsync();
        }
        finally
        {
            wake = null;
        }
    }

    private async Task WriteAsync(List<T> items)
    {
        if (items.Count == 0) return;
        var actions = new List<TableTransactionAction>(items.Count);
        foreach (var item in items)
        {
            try
            {
                actions.AddRange(toActions(item));
            }
            catch (Exception e)
            {
                metrics.WriteFailed(1);
                RecordLog.ConvertFailed(logger, name, e.GetType().Name);
            }
        }

        foreach (var batch in TableBatches.Of(actions))
        {
            try
            {
                await sink.SubmitAsync(batch, CancellationToken.None);
                metrics.Written(batch.Count);
            }
            catch (Exception e)
            {
                // Whatever storage throws (Azure's retry policy gives up with an AggregateException): count, log, go on.
                // Letting it escape would end this background service, and with it the process.
                metrics.WriteFailed(batch.Count);
                RecordLog.WriteFailed(logger, name, batch.Count, batch[0].Entity.PartitionKey, e.GetType().Name, TableBatches.StatusOf(e));
            }
        }
    }

    private void NoteDrop()
    {
        long count;
        lock (dropLock)
        {
            unloggedDrops++;
            var now = clock.GetUtcNow();
            if (lastDropLog is { } last && now - last < DropLogInterval) return;
            lastDropLog = now;
            count = unloggedDrops;
            unloggedDrops = 0;
        }

        RecordLog.Dropped(logger, name, count, Capacity);
    }

    private sealed record FlushMarker(TaskCompletionSource Done);
}
