using System.Globalization;
using static OscpFleet.Bench.ResultTable;

namespace OscpFleet.Bench.Doe;

/// <summary>The results as Markdown tables (metric | OscpFleet | baseline | ratio), ready for docs/benchmarks.md, and the RESULT line.</summary>
internal static class DoeReport
{
    /// <summary>The table against the anchor, the figures against the validating baseline, and their notes.</summary>
    public static string Render(FleetResult fleet, BurstResult anchor, BurstResult validating, BenchOptions options)
    {
        var lines = new List<string>
        {
            "Against the anchor (typed read + one Table upsert on the same Azurite):",
            "",
            Header,
            Align,
            Row("forecasts/s (204 answers per second)", fleet.Burst.PerSecond, anchor.PerSecond, "0"),
            Row("request latency p50 (ms)", fleet.Burst.Latency.P50, anchor.Latency.P50, "0.0"),
            Row("request latency p99 (ms)", fleet.Burst.Latency.P99, anchor.Latency.P99, "0.0"),
            Row("request latency max (ms)", fleet.Burst.Latency.Max, anchor.Latency.Max, "0.0"),
            Row("receipt → webhook p50 (ms) ¹", fleet.WebhookLatency.P50, anchor.Latency.P50, "0.0"),
            Row("receipt → webhook p99 (ms) ¹", fleet.WebhookLatency.P99, anchor.Latency.P99, "0.0"),
            Row("receipt → webhook max (ms) ¹", fleet.WebhookLatency.Max, anchor.Latency.Max, "0.0"),
            Row("webhooks/s, first forecast sent → last webhook ²", fleet.WebhooksPerSecond, anchor.PerSecond, "0"),
            Row("Table writes per forecast ³", fleet.WritesPerForecast, 1, "0.00"),
            Row("… of them the state path (no journal/history) ³", fleet.StateWritesPerForecast, 1, "0.00"),
            $"| burst duration (s) | {Format(fleet.Burst.Elapsed.TotalSeconds, "0.00")} | {Format(anchor.Elapsed.TotalSeconds, "0.00")} | {Ratio(fleet.Burst.Elapsed.TotalSeconds, anchor.Elapsed.TotalSeconds)} |",
            $"| non-204 answers | {fleet.Burst.Non204} | {anchor.Non204} | |",
            $"| webhooks missing after {options.WebhookTimeoutSeconds} s | {fleet.WebhooksMissing} | n/a | |",
            "",
            "Against the validating baseline (the product's full OSCP validation + typed read, no storage):",
            "",
            Header,
            Align,
            Row("forecasts/s (204 answers per second)", fleet.Burst.PerSecond, validating.PerSecond, "0"),
            Row("request latency p99 (ms)", fleet.Burst.Latency.P99, validating.Latency.P99, "0.0"),
            "",
            $"{options.Sites} forecasts of {ForecastBodies.Blocks} × 15-minute blocks (one per site), {options.Concurrency} concurrent HTTP/1.1 clients on loopback, after {options.WarmupRounds * options.WarmupSites} warm-up forecasts each (not measured; OscpFleet gets extra rounds until a round compiles fewer than {FleetBenchmark.QuietJitMethods} methods, see the warm-up line).",
            "¹ the anchor has no webhook: the ratio is against its request latency at the same percentile.",
            "² the anchor column and ratio use the anchor's forecasts/s.",
            "³ every write to Azurite from the burst's start until storage was quiet again (delivered/applied marks and reminders included); the anchor does exactly one.",
        };
        return Join(lines);
    }

    /// <summary>The machine-readable last line.</summary>
    public static string Result(FleetResult fleet, BurstResult anchor, BenchOptions options)
    {
        static string F(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "nan";
        return ResultLine(
            "doe",
            ("sites", options.Sites.ToString(CultureInfo.InvariantCulture)),
            ("concurrency", options.Concurrency.ToString(CultureInfo.InvariantCulture)),
            ("forecasts_per_s", F(fleet.Burst.PerSecond, "0")),
            ("anchor_per_s", F(anchor.PerSecond, "0")),
            ("request_p99_ms", F(fleet.Burst.Latency.P99, "0.0")),
            ("anchor_p99_ms", F(anchor.Latency.P99, "0.0")),
            ("webhook_p99_ms", F(fleet.WebhookLatency.P99, "0.0")),
            ("table_writes_per_forecast", F(fleet.WritesPerForecast, "0.00")),
            ("state_writes_per_forecast", F(fleet.StateWritesPerForecast, "0.00")));
    }
}
