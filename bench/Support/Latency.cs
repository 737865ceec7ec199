namespace OscpFleet.Bench;

/// <summary>Percentiles of a set of latencies in milliseconds (nearest rank).</summary>
public sealed record Latency(int Count, double P50, double P99, double Max)
{
    /// <summary>Percentiles of <paramref name="milliseconds"/>; NaN when there are none.</summary>
    public static Latency Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        if (sorted.Length == 0) return new Latency(0, double.NaN, double.NaN, double.NaN);
        return new Latency(sorted.Length, Rank(sorted, 0.50), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
