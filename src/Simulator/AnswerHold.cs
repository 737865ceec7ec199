namespace OscpFleet.Simulator;

/// <summary>
/// A simulator that answers slowly, on a test's word: while held, every call that asks waits, unanswered, until
/// <see cref="Release"/>.
/// </summary>
internal sealed class AnswerHold
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _hold;
    private TaskCompletionSource? _holding;

    /// <summary>Holds every call from now on; the returned task completes when the first one is being held.</summary>
    public Task Hold()
    {
        lock (_gate)
        {
            _hold ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _holding.Task;
        }
    }

    /// <summary>Lets every held call (and every later one) through.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _hold?.TrySetResult();
            _hold = null;
        }
    }

    /// <summary>Waits while calls are held.</summary>
    public Task WaitWhileHeldAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_hold is null) return Task.CompletedTask;
            _holding?.TrySetResult();
            return _hold.Task.WaitAsync(cancellationToken);
        }
    }
}
