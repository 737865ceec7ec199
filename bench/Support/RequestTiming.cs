using System.Diagnostics;

namespace OscpFleet.Bench;

/// <summary>One request of a burst: <see cref="System.Diagnostics.Stopwatch"/> timestamps (wall-clock rate) and the status (0: no answer).</summary>
public readonly record struct RequestTiming(long SentAt, long AnsweredAt, int Status, string? Error)
{
    /// <summary>Request latency in milliseconds.</summary>
    public double Milliseconds => Stopwatch.GetElapsedTime(SentAt, AnsweredAt).TotalMilliseconds;
}
