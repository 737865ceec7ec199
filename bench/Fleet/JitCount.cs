using System.Globalization;
using OscpFleet.Testing;

namespace OscpFleet.Bench.Fleet;

/// <summary>The methods a product process has JIT-compiled so far, from its own <c>/metrics</c> (.NET's <c>dotnet.jit.compiled_methods</c>).</summary>
internal static class JitCount
{
    private const string Metric = "dotnet_jit_compiled_methods_total";

    /// <summary>The count <paramref name="process"/> reports now.</summary>
    public static async Task<long> CompiledMethodsAsync(ProductProcess process)
    {
        using var http = process.Http();
        return Read(await http.GetStringAsync("/metrics")) ?? throw new InvalidOperationException($"{process.Name}: /metrics has no {Metric}");
    }

    /// <summary>The sum of <see cref="Metric"/>'s series in a Prometheus text scrape; null when there is none.</summary>
    public static long? Read(string metrics)
    {
        long? total = null;
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(Metric, StringComparison.Ordinal) || line.Length == Metric.Length || line[Metric.Length] is not ('{' or ' ')) continue;
            // "name{labels} value [timestamp]" or "name value [timestamp]".
            var rest = line[(line[Metric.Length] == '{' ? line.IndexOf('}', StringComparison.Ordinal) + 1 : Metric.Length)..];
            total = (total ?? 0) + (long)double.Parse(rest.Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return total;
    }
}
