namespace OscpFleet.Simulator;

/// <summary>
/// One increasing number per event a simulator observes (a request received, an answer written, a request
/// sent, an answer received). Orders events exactly even when a fake clock gives them all the same time.
/// </summary>
public sealed class EventSequence
{
    private long _last;

    /// <summary>The next number (thread-safe, strictly increasing).</summary>
    public long Next() => Interlocked.Increment(ref _last);
}
