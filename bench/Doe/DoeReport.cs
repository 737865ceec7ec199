using static OscpFleet.Bench.ResultTable;

namespace OscpFleet.Bench.Doe;

/// <summary>The results as a Markdown table (metric | OscpFleet | baseline | ratio), ready for docs/benchmarks.md.</summary>
internal static class DoeReport
{
    /// <summary>The table and its notes.</summary>
    public static string Render(FleetResult fleet, BurstResult baseline, BenchOptions options)
    {
        var lines = new List<string>
        {
            Header,
            Align,
            Row("forecasts/s (204 answers per second)", fleet.Burst.PerSecond, baseline.PerSecond, "0"),
            Row("request latency p50 (ms)", fleet.Burst.Latency.P50, baseline.Latency.P50, "0.0"),
            Row("request latency p99 (ms)", fleet.Burst.Latency.P99, baseline.Latency.P99, "0.0"),
            Row("request latency max (ms)", fleet.Burst.Latency.Max, baseline.Latency.Max, "0.0"),
            Row("receipt → webhook p50 (ms) ¹", fleet.WebhookLatency.P50, baseline.Latency.P50, "0.0"),
            Row("receipt → webhook p99 (ms) ¹", fleet.WebhookLatency.P99, baseline.Latency.P99, "0.0"),
            Row("receipt → webhook max (ms) ¹", fleet.WebhookLatency.Max, baseline.Latency.Max, "0.0"),
            Row("webhooks/s, first forecast sent → last webhook ²", fleet.WebhooksPerSecond, baseline.PerSecond, "0"),
            $"| burst duration (s) | {Format(fleet.Burst.Elapsed.TotalSeconds, "0.00")} | {Format(baseline.Elapsed.TotalSeconds, "0.00")} | {Ratio(fleet.Burst.Elapsed.TotalSeconds, baseline.Elapsed.TotalSeconds)} |",
            $"| non-204 answers | {fleet.Burst.Non204} | {baseline.Non204} | |",
            $"| webhooks missing after {options.WebhookTimeoutSeconds} s | {fleet.WebhooksMissing} | n/a | |",
            "",
            $"{options.Sites} forecasts of {ForecastBodies.Blocks} × 15-minute blocks (one per site), {options.Concurrency} concurrent HTTP/1.1 clients on loopback, after {options.WarmupRounds * options.WarmupSites} warm-up forecasts each (not measured).",
            "¹ the baseline has no webhook: the ratio is against the baseline's request latency at the same percentile (what a bare parse-and-204 costs).",
            "² the baseline column and ratio use the baseline's forecasts/s.",
        };
        return Join(lines);
    }
}
