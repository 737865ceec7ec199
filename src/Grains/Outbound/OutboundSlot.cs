namespace OscpFleet.Grains.Outbound;

/// <summary>
/// The one way a grain makes an outbound call (a limit webhook to the CSMS, a message of the outbox to the CP): at most
/// one call on the wire per slot, made off the grain's scheduler so the grain keeps serving meanwhile, its answer
/// reported back through a grain call so that it is handled like any other request (never interleaved with one).
/// </summary>
/// <remarks>
/// Nothing can leave the slot busy for good: an exception of the send becomes a failed result that is reported back;
/// a report-back that fails frees the slot at once (the grain's next tick sees it free and tries again); an answer
/// that never comes frees it <paramref name="lostAfter"/> after the start, by the product clock. The grain only touches
/// the slot on its own scheduler; the background task only frees it, atomically, and only if it still owns it.
/// A call still waiting for its turn (its destination's pacer) can be withdrawn (<see cref="Withdraw"/>): it then never
/// leaves, nothing is reported back, and the slot is free.
/// </remarks>
/// <param name="clock">The product clock.</param>
/// <param name="lostAfter">How long an answer may stay away before the call is presumed lost; longer than the call's own timeout.</param>
internal sealed class OutboundSlot(TimeProvider clock, TimeSpan lostAfter)
{
    private long owner;
    private long lastToken;
    private DateTimeOffset startedAt;
    private CancellationTokenSource? withdrawal;

    /// <summary>The key (version, message id) of the call on the wire; meaningful only while <see cref="IsFree"/> is false.</summary>
    public long Key { get; private set; }

    /// <summary>
    /// True when no call is on the wire. A call whose answer stayed away longer than the allowance is given up here:
    /// <paramref name="lost"/> then names its key, for the caller to log.
    /// </summary>
    public bool IsFree(out long? lost)
    {
        lost = null;
        if (Volatile.Read(ref owner) == 0) return true;
        if (clock.GetUtcNow() - startedAt < lostAfter) return false;
        lost = Key;
        Volatile.Write(ref owner, 0);
        return true;
    }

    /// <summary>
    /// Starts <paramref name="send"/> for <paramref name="key"/> off the grain's scheduler; its result (or
    /// <paramref name="failed"/> of its exception) goes to <paramref name="reportBack"/>, which must be a grain call to
    /// the grain itself. The caller checked <see cref="IsFree"/>. The task returned completes with the result as soon as
    /// it is known, before it is reported back: a grain that deactivates meanwhile can apply it itself.
    /// <paramref name="send"/> gets the withdrawal token: it passes it to what it waits on before the call leaves (and
    /// only to that), and a call withdrawn there ends with the task returned cancelled and nothing reported back.
    /// </summary>
    public Task<TResult> Start<TResult>(long key, Func<CancellationToken, Task<TResult>> send, Func<Exception, TResult> failed, Func<TResult, Task> reportBack, Action<Exception> reportBackFailed)
    {
        var token = ++lastToken;
        Key = key;
        startedAt = clock.GetUtcNow();
        Volatile.Write(ref owner, token);
        var withdraw = new CancellationTokenSource();
        withdrawal = withdraw;
        var answered = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            TResult result;
            try
            {
                result = await send(withdraw.Token);
            }
            catch (OperationCanceledException e) when (e.CancellationToken == withdraw.Token)
            {
                // Withdrawn before it left: nothing was sent, nothing to report.
                Interlocked.CompareExchange(ref owner, 0, token);
                answered.TrySetCanceled(withdraw.Token);
                return;
            }
            catch (Exception e)
            {
                result = failed(e);
            }

            answered.TrySetResult(result);
            try
            {
                await reportBack(result);
            }
            catch (Exception e)
            {
                // The grain never heard the answer: free the slot so its next tick starts over.
                Interlocked.CompareExchange(ref owner, 0, token);
                reportBackFailed(e);
            }
        });
        return answered.Task;
    }

    /// <summary>
    /// Withdraws the current call if it is still waiting for its turn: it will not leave, and the task
    /// <see cref="Start{TResult}"/> returned ends cancelled. A call already on the wire is not affected: its answer comes
    /// as usual. Call on the grain's scheduler.
    /// </summary>
    public void Withdraw()
    {
        if (Volatile.Read(ref owner) != 0) withdrawal?.Cancel();
    }

    /// <summary>The answer for <paramref name="key"/> arrived: frees the slot if that call is the one on the wire; true if it was.</summary>
    public bool Finish(long key)
    {
        if (Volatile.Read(ref owner) == 0 || Key != key) return false;
        Volatile.Write(ref owner, 0);
        return true;
    }
}
