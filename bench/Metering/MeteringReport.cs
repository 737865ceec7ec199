using System.Globalization;
using static OscpFleet.Bench.ResultTable;

namespace OscpFleet.Bench.Metering;

/// <summary>The results as Markdown tables (metric | OscpFleet | baseline | ratio), ready for docs/benchmarks.md.</summary>
internal static class MeteringReport
{
    /// <summary>Measurement 1: meter samples into the gateway.</summary>
    public static string Ingest(IngestResult fleet, IngestResult baseline, BenchOptions options, int bodyBytes)
    {
        var writes = fleet.Storage ?? default;
        var seconds = fleet.Burst.Elapsed.TotalSeconds;
        var lines = new List<string>
        {
            Header,
            Align,
            Row("samples/s (in batches answered 204)", fleet.SamplesPerSecond, baseline.SamplesPerSecond, "0"),
            Row("batches/s", fleet.Burst.PerSecond, baseline.Burst.PerSecond, "0.0"),
            Row("request latency p50 (ms)", fleet.Burst.Latency.P50, baseline.Burst.Latency.P50, "0.0"),
            Row("request latency p99 (ms)", fleet.Burst.Latency.P99, baseline.Burst.Latency.P99, "0.0"),
            Row("request latency max (ms)", fleet.Burst.Latency.Max, baseline.Burst.Latency.Max, "0.0"),
            Row("burst duration (s)", fleet.Burst.Elapsed.TotalSeconds, baseline.Burst.Elapsed.TotalSeconds, "0.00"),
            $"| non-204 answers | {fleet.Burst.Non204} | {baseline.Burst.Non204} | |",
            $"| Azure Table writes during the burst (per batch) | {writes.Writes:N0} ({Format((double)writes.Writes / Math.Max(1, fleet.Burst.Count), "0.0")}) | none | |",
            $"| Azure Table writes/s | {Format(writes.Writes / seconds, "0")} | | |",
            $"| bytes written to Azure Tables during the burst (per sample) | {writes.BytesWritten:N0} ({Format((double)writes.BytesWritten / Math.Max(1, fleet.Burst.Count * fleet.SamplesPerBatch), "0")}) | none | |",
            $"| Azure Table reads during the burst | {writes.Reads:N0} | none | |",
            "",
            $"{fleet.Burst.Count} batches ({options.Rounds} rounds × {(options.Sites + options.BatchSites - 1) / options.BatchSites} batches) of {options.BatchSites} sites × {options.Chargers} chargers × 1 sample "
                + $"= {fleet.SamplesPerBatch} samples (~{bodyBytes / 1024.0:0} KB) per batch, {options.Concurrency} concurrent HTTP/1.1 clients on loopback, "
                + $"after {options.Warmup} warm-up rounds each (not measured).",
        };
        return Join(lines);
    }

    /// <summary>Measurement 2: a quarter-hour boundary, every site at once.</summary>
    public static string Boundary(BoundaryResult fleet, BoundaryResult baseline, BenchOptions options)
    {
        var toLast = fleet.StorageToLast ?? default;
        var settled = fleet.StorageSettled ?? default;
        var lines = new List<string>
        {
            Header,
            Align,
            Row($"trigger → the last of {fleet.Sites:N0} reports accepted by the CP (s)", fleet.ToLast.TotalSeconds, baseline.ToLast.TotalSeconds, "0.00"),
            Row("reports accepted/s", fleet.ReportsPerSecond, baseline.ReportsPerSecond, "0"),
            Row("trigger → report accepted p50 (ms)", fleet.Reports.P50, baseline.Reports.P50, "0"),
            Row("trigger → report accepted p99 (ms)", fleet.Reports.P99, baseline.Reports.P99, "0"),
            Row("trigger → report accepted max (ms)", fleet.Reports.Max, baseline.Reports.Max, "0"),
            $"| trigger → tick returned p50 / p99 / max (ms) | {Format(fleet.Ticks?.P50, "0")} / {Format(fleet.Ticks?.P99, "0")} / {Format(fleet.Ticks?.Max, "0")} | n/a | |",
            $"| reports missing after {options.ReportTimeoutSeconds} s | {fleet.Missing} | {baseline.Missing} | |",
            $"| Azure Table writes implied (2 per closed period + 1 per delivered report) | {3 * fleet.Sites:N0} | none | |",
            $"| Azure Table writes measured, trigger → last report (per site) | {toLast.Writes:N0} ({Format((double)toLast.Writes / fleet.Sites, "0.00")}) | {(baseline.StorageToLast ?? default).Writes} | |",
            $"| Azure Table writes/s, trigger → last report | {Format(toLast.Writes / fleet.ToLast.TotalSeconds, "0")} | | |",
            $"| Azure Table writes measured until they stopped, {Format(fleet.Settled?.TotalSeconds, "0.0")} s after the trigger (per site) | {settled.Writes:N0} ({Format((double)settled.Writes / fleet.Sites, "0.00")}) | | |",
            $"| Azure Table reads meanwhile (per site) ¹ | {settled.Reads:N0} ({Format((double)settled.Reads / fleet.Sites, "0.00")}) | | |",
            "",
            $"{fleet.Sites:N0} sites with {options.Chargers} chargers × {options.PeriodSamples} samples in the period, reports not spread (ReportSpreadSeconds 0): every site ticked at once, as its report reminder would, "
                + $"after {options.ReportWarmups} warm-up boundaries (the baseline: {options.ReportWarmups} warm-up rounds of {fleet.Sites:N0} reports). "
                + "The baseline posts the same reports straight to the CP simulator with the product's OscpClient, all at once.",
            "¹ including the gateway's membership-table read every second (the harness's GatewayListRefreshPeriod).",
        };
        return Join(lines);
    }

    /// <summary>The machine-readable last line: <c>RESULT metering key=value …</c>.</summary>
    public static string ResultLine(int sites, IngestResult fleet, IngestResult baseline, BoundaryResult boundary, BoundaryResult boundaryBaseline)
    {
        var storage = fleet.Storage ?? default;
        var samples = Math.Max(1, fleet.Burst.Count * fleet.SamplesPerBatch);
        // The contract's keys first (sites, samples_per_s, baseline_samples_per_s, table_writes_per_batch, reports_last_s), then the earlier ones.
        return ResultTable.ResultLine("metering",
            ("sites", sites.ToString(CultureInfo.InvariantCulture)),
            ("samples_per_s", N(fleet.SamplesPerSecond, "0")),
            ("baseline_samples_per_s", N(baseline.SamplesPerSecond, "0")),
            ("table_writes_per_batch", N((double)storage.Writes / Math.Max(1, fleet.Burst.Count), "0.00")),
            ("reports_last_s", N(boundary.ToLast.TotalSeconds, "0.00")),
            ("ratio", N(fleet.SamplesPerSecond / baseline.SamplesPerSecond, "0.000")),
            ("bytes_written_per_sample", N((double)storage.BytesWritten / samples, "0")),
            ("boundary_last_s", N(boundary.ToLast.TotalSeconds, "0.00")),
            ("boundary_baseline_s", N(boundaryBaseline.ToLast.TotalSeconds, "0.00")),
            ("boundary_ratio", N(boundary.ToLast.TotalSeconds / boundaryBaseline.ToLast.TotalSeconds, "0.0")));
    }

    // As string interpolation in the invariant culture writes it (NaN, Infinity included), which is what the line always had.
    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
