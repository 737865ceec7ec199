namespace OscpFleet.Simulator;

/// <summary>
/// How many calls a simulator is handling at once, and the most it has seen since the start or the last
/// <see cref="ResetPeak"/>: storm control is measured where it lands.
/// </summary>
internal class InFlightCount
{
    private long current;
    private long peak;

    /// <summary>The most calls handled at once since the start or the last <see cref="ResetPeak"/>.</summary>
    public long Peak => Volatile.Read(ref peak);

    /// <summary>Counts one call in until the result is disposed.</summary>
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

    private sealed class Leave(InFlightCount owner) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) Interlocked.Decrement(ref owner.current);
        }
    }
}
