using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// How many calls of each kind the simulated CP is handling at once, and the most it has seen (storm control towards a
/// CP is measured here).
/// </summary>
internal sealed class CpInboundConcurrency
{
    private readonly long[] current = new long[Enum.GetValues<OscpMessageKind>().Length];
    private readonly long[] peak = new long[Enum.GetValues<OscpMessageKind>().Length];

    /// <summary>The most calls of <paramref name="kind"/> handled at once since the start or the last <see cref="ResetPeak"/>.</summary>
    public long Peak(OscpMessageKind kind) => Volatile.Read(ref peak[(int)kind]);

    /// <summary>Counts one call of <paramref name="kind"/> in until the result is disposed.</summary>
    public IDisposable Enter(OscpMessageKind kind)
    {
        var i = (int)kind;
        var now = Interlocked.Increment(ref current[i]);
        long seen;
        while (now > (seen = Volatile.Read(ref peak[i])) && Interlocked.CompareExchange(ref peak[i], now, seen) != seen)
        {
        }
        return new Leave(this, i);
    }

    /// <summary>Starts a new measurement of the peak of <paramref name="kind"/>.</summary>
    public void ResetPeak(OscpMessageKind kind) => Volatile.Write(ref peak[(int)kind], Volatile.Read(ref current[(int)kind]));

    private sealed class Leave(CpInboundConcurrency owner, int kind) : IDisposable
    {
        private int done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) Interlocked.Decrement(ref owner.current[kind]);
        }
    }
}
