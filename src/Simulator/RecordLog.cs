namespace OscpFleet.Simulator;

/// <summary>
/// A thread-safe, append-only list of what a simulator saw, with explicit wait signals: a test awaits the
/// record it expects instead of polling or sleeping.
/// </summary>
/// <typeparam name="T">The record type.</typeparam>
/// <param name="describe">Renders one record for a timeout message, so a failing test shows what did arrive.</param>
/// <param name="capacity">The most records kept; the oldest go first, so a long run or a benchmark does not grow without bound.</param>
public sealed class RecordLog<T>(Func<T, string> describe, int capacity = RecordLog<T>.DefaultCapacity)
    where T : class
{
    /// <summary>The default of the most records kept.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly Lock _gate = new();
    private readonly Queue<T> _records = new();
    private readonly List<Waiter> _waiters = [];

    /// <summary>How many records are kept.</summary>
    public int Count
    {
        get
        {
            lock (_gate) return _records.Count;
        }
    }

    /// <summary>Appends a record and releases every waiter it matches.</summary>
    public void Add(T record)
    {
        List<TaskCompletionSource<T>> released = [];
        lock (_gate)
        {
            _records.Enqueue(record);
            while (_records.Count > Math.Max(1, capacity)) _records.Dequeue();
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                var waiter = _waiters[i];
                if (waiter.Match(record) && --waiter.Remaining == 0)
                {
                    released.Add(waiter.Signal);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Completed outside the lock; continuations run asynchronously (see WaitForAsync), never inline here.
        foreach (var signal in released) signal.TrySetResult(record);
    }

    /// <summary>The records (oldest first) that <paramref name="filter"/> accepts; all when it is null.</summary>
    public IReadOnlyList<T> Snapshot(Func<T, bool>? filter = null)
    {
        lock (_gate) return filter is null ? [.. _records] : [.. _records.Where(filter)];
    }

    /// <summary>Forgets every record (waiters keep waiting for new ones).</summary>
    public void Clear()
    {
        lock (_gate) _records.Clear();
    }

    /// <summary>
    /// The first record (already kept or still to come) that <paramref name="match"/> accepts. Throws
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/> (real time) listing what was recorded.
    /// </summary>
    public Task<T> WaitForAsync(Func<T, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WaitForNthAsync(match, 1, timeout, cancellationToken);

    /// <summary>
    /// The <paramref name="n"/>-th record (1 = the first), counting those kept and those still to come, that
    /// <paramref name="match"/> accepts. Records already forgotten (<see cref="Clear"/>, or beyond the capacity) do not
    /// count. Throws <see cref="TimeoutException"/> after <paramref name="timeout"/> (real time) listing what was recorded.
    /// </summary>
    public async Task<T> WaitForNthAsync(Func<T, bool> match, int n, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var signal = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = 0;
            foreach (var existing in _records)
            {
                if (match(existing) && ++seen == n) return existing;
            }

            _waiters.Add(new Waiter(match, n - seen, signal));
        }

        try
        {
            return await signal.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var seen = Snapshot();
            var list = seen.Count == 0 ? "nothing" : string.Join("; ", seen.Select(describe));
            var which = n == 1 ? "" : $" (wanted match #{n}; {seen.Count(match)} so far)";
            throw new TimeoutException($"No {typeof(T).Name} matched within {timeout.TotalSeconds:0.###} s{which}. Recorded so far: {list}.");
        }
        finally
        {
            lock (_gate) _waiters.RemoveAll(w => w.Signal == signal);
        }
    }

    // Remaining: how many more matching records this waiter needs; it is released by the one that brings it to 0.
    private sealed class Waiter(Func<T, bool> match, int remaining, TaskCompletionSource<T> signal)
    {
        public Func<T, bool> Match { get; } = match;

        public int Remaining { get; set; } = remaining;

        public TaskCompletionSource<T> Signal { get; } = signal;
    }
}
