namespace OscpFleet.Bench.Fleet;

/// <summary>The command line: <c>[--sites N] [--silos N] [--concurrency N] [--warmup N]</c>.</summary>
internal sealed record BenchOptions
{
    /// <summary>Sites imported; the burst sends one forecast to each.</summary>
    public int Sites { get; init; } = 10_000;

    /// <summary>Silos in the cluster.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Concurrent HTTP clients of the bursts.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Forecasts sent to the anchor and to the fleet before the measured burst (JIT, connections).</summary>
    public int Warmup { get; init; } = 2000;

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: dotnet run -c Release --project bench/Fleet -- [--sites 10000] [--silos 3] [--concurrency 32] [--warmup 2000]";

    /// <summary>The options, or the problem with <paramref name="args"/>.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args) =>
        CommandLine.Parse(args, new BenchOptions(), (name, o) => name switch
        {
            "--sites" => (1, n => o with { Sites = n }),
            "--silos" => (2, n => o with { Silos = n }),
            "--concurrency" => (1, n => o with { Concurrency = n }),
            "--warmup" => (0, n => o with { Warmup = n }),
            _ => null,
        });
}
