namespace OscpFleet.Simulator.Fleet;

/// <summary>How many limit webhooks the simulated CSMS is handling at once, and the most it has seen (storm control is measured here).</summary>
internal sealed class WebhookConcurrency
{
    private long current;
    private long peak;

    /// <summary>The most webhooks handled at once since the start or the last <see cref="ResetPeak"/>.</summary>
    public long Peak => Volatile.Read(ref peak);

    /// <summary>Counts one webhook in until the result is disposed.</summary>
    public IDisposable Enter()
    {
        var now = Interlocked.Increment(ref current);
        long seen;
        while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
        {
        }
        return new Leave(this);
    }

    /// <summary>Starts a new measurement of the peak.</summary>
    public void ResetPeak() => Volatile.Write(ref peak, Volatile.Read(ref current));

    private sealed class Leave(WebhookConcurrency owner) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) Interlocked.Decrement(ref owner.current);
        }
    }
}
