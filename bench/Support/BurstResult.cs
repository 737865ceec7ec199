using System.Diagnostics;

namespace OscpFleet.Bench;

/// <summary>What one burst of forecasts showed at the sender.</summary>
/// <param name="Timings">Every request, in site order.</param>
public sealed record BurstResult(RequestTiming[] Timings)
{
    /// <summary>Requests sent.</summary>
    public int Count => Timings.Length;

    /// <summary>Answers other than 204 (including no answer).</summary>
    public int Non204 => Timings.Count(t => t.Status != 204);

    /// <summary>From the first request sent to the last answer.</summary>
    public TimeSpan Elapsed => Timings.Length == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Timings.Min(t => t.SentAt), Timings.Max(t => t.AnsweredAt));

    /// <summary>204 answers per second over <see cref="Elapsed"/>.</summary>
    public double PerSecond => Elapsed > TimeSpan.Zero ? (Count - Non204) / Elapsed.TotalSeconds : double.NaN;

    /// <summary>Request latency (sent → answer read).</summary>
    public Latency Latency => Latency.Of(Timings.Select(t => t.Milliseconds));

    /// <summary>The first few non-204 answers, for the error report.</summary>
    public IEnumerable<string> Failures(int most) =>
        Timings.Select((t, i) => (t, i)).Where(x => x.t.Status != 204).Take(most)
            .Select(x => $"request {x.i}: {(x.t.Status == 0 ? "no answer" : x.t.Status.ToString(System.Globalization.CultureInfo.InvariantCulture))} {x.t.Error}");
}
