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
/// </remarks>
/// <param name="clock">The product clock.</param>
/// <param name="lostAfter">How long an answer may stay away before the call is presumed lost; longer than the call's own timeout.</param>
internal sealed class OutboundSlot(TimeProvider clock, TimeSpan lostAfter)
{
    private long owner;
    private long lastToken;
    private DateTimeOffset startedAt;

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
    /// </summary>
    public Task<TResult> Start<TResult>(long key, Func<Task<TResult>> send, Func<Exception, TResult> failed, Func<TResult, Task> reportBack, Action<Exception> reportBackFailed)
    {
        var token = ++lastToken;
        Key = key;
        startedAt = clock.GetUtcNow();
        Volatile.Write(ref owner, token);
        var answered = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            TResult result;
            try
            {
                result = await send();
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

    /// <summary>The answer for <paramref name="key"/> arrived: frees the slot if that call is the one on the wire; true if it was.</summary>
    public bool Finish(long key)
    {
        if (Volatile.Read(ref owner) == 0 || Key != key) return false;
        Volatile.Write(ref owner, 0);
        return true;
    }
}
