using System.Globalization;
using OscpFleet.Testing;

namespace OscpFleet.Bench.Fleet;

/// <summary>
/// What some processes counted between two scrapes of their <c>/metrics</c>: storage requests by method (the HTTP client
/// series towards Azurite's Table port), grain storage reads and writes, Orleans' catalog (activations, deactivations
/// and their latencies), the JIT. For seeing where an interval's work went (the kill's recovery: how many activations,
/// how many storage requests each, how many methods the JIT compiled meanwhile).
/// </summary>
internal sealed class ScrapeDiff
{
    private static readonly string[] Kept =
    [
        "http_client_request_duration_seconds_count",
        "orleans_storage_read_latency_milliseconds_count",
        "orleans_storage_write_latency_milliseconds_count",
        "orleans_catalog_",
        "dotnet_jit_",
    ];

    private readonly Dictionary<string, double> start;

    private ScrapeDiff(Dictionary<string, double> start) => this.start = start;

    /// <summary>Scrapes <paramref name="processes"/> now.</summary>
    public static async Task<ScrapeDiff> StartAsync(IEnumerable<ProductProcess> processes, int tablePort) =>
        new(await ScrapeAsync(processes, tablePort));

    /// <summary>Scrapes the same processes again: the series that grew, summed over the processes, largest first.</summary>
    public async Task<IReadOnlyList<(string Series, double Delta)>> StopAsync(IEnumerable<ProductProcess> processes, int tablePort)
    {
        var end = await ScrapeAsync(processes, tablePort);
        return [.. end.Select(e => (Series: e.Key, Delta: e.Value - start.GetValueOrDefault(e.Key)))
            .Where(e => e.Delta > 0).OrderByDescending(e => e.Delta)];
    }

    private static async Task<Dictionary<string, double>> ScrapeAsync(IEnumerable<ProductProcess> processes, int tablePort)
    {
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var process in processes.Where(p => !p.HasExited))
        {
            string text;
            try
            {
                using var http = process.Http();
                text = await http.GetStringAsync("/metrics");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                continue;
            }
            foreach (var (series, value) in Read(text, tablePort)) sums[series] = sums.GetValueOrDefault(series) + value;
        }
        return sums;
    }

    /// <summary>
    /// The kept series of one scrape, each named by its metric and the labels that tell the work apart (the HTTP method
    /// and status of storage requests, the grain type of storage calls); HTTP series towards other ports are left out.
    /// </summary>
    internal static IEnumerable<(string Series, double Value)> Read(string metrics, int tablePort)
    {
        foreach (var line in metrics.Split('\n'))
        {
            var nameEnd = line.IndexOfAny(['{', ' ']);
            if (nameEnd <= 0 || line[0] == '#') continue;
            var name = line[..nameEnd];
            // A histogram's buckets say nothing summed; its _count and _sum (the mean) do.
            if (name.EndsWith("_bucket", StringComparison.Ordinal) || !Kept.Any(k => name.StartsWith(k, StringComparison.Ordinal))) continue;
            var braceEnd = line.IndexOf('}', StringComparison.Ordinal);
            var labels = braceEnd > 0 ? line[(name.Length + 1)..braceEnd] : "";
            var rest = line[(braceEnd > 0 ? braceEnd + 1 : name.Length)..].Trim().Split(' ')[0];
            if (!double.TryParse(rest, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) continue;
            var pairs = labels.Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
                .ToDictionary(p => p[0], p => p[1].Trim('"'), StringComparer.Ordinal);
            if (name.StartsWith("http_client", StringComparison.Ordinal))
            {
                if (pairs.GetValueOrDefault("server_port") != tablePort.ToString(CultureInfo.InvariantCulture)) continue;
                yield return ($"table {pairs.GetValueOrDefault("http_request_method")} {pairs.GetValueOrDefault("http_response_status_code")}", value);
                continue;
            }
            var kind = pairs.GetValueOrDefault("type") ?? pairs.GetValueOrDefault("grain_type") ?? pairs.GetValueOrDefault("reason") ?? "";
            yield return (kind.Length == 0 ? name : $"{name} {kind}", value);
        }
    }
}
