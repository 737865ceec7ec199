namespace OscpFleet.Bench.Doe;

/// <summary>The benchmark's command line: <c>[--sites N] [--concurrency N] [--warmup N] [--webhook-timeout SECONDS] [--hold SECONDS] [--trace-wait SECONDS]</c>.</summary>
internal sealed record BenchOptions
{
    /// <summary>Sites onboarded, and forecasts in the burst (one per site).</summary>
    public int Sites { get; init; } = 1000;

    /// <summary>Concurrent HTTP clients sending the burst.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>
    /// Forecasts sent before the burst, not measured, to each side: JIT tiering (with dynamic PGO the whole path needs
    /// a few thousand calls: after 1,000 the JIT still took ~14 % of the CPU during the burst, after 3,000 ~2 %),
    /// connections, caches. On OscpFleet they go in rounds of one forecast to each of up to
    /// <see cref="MaxWarmupSites"/> extra sites, each round waiting for its webhooks.
    /// </summary>
    public int Warmup { get; init; } = 3000;

    /// <summary>The most extra sites the warm-up uses.</summary>
    public const int MaxWarmupSites = 250;

    /// <summary>Extra sites for the warm-up.</summary>
    public int WarmupSites => Math.Min(Warmup, MaxWarmupSites);

    /// <summary>Warm-up rounds (one forecast per warm-up site each); the warm-up is rounded up to whole rounds.</summary>
    public int WarmupRounds => WarmupSites == 0 ? 0 : (Warmup + WarmupSites - 1) / WarmupSites;

    /// <summary>How long after the burst's last answer a missing webhook still counts as coming.</summary>
    public int WebhookTimeoutSeconds { get; init; } = 60;

    /// <summary>Seconds to wait after the burst with every site active, for a heap dump from outside (0: none).</summary>
    public int HoldSeconds { get; init; }

    /// <summary>Seconds to wait after the warm-up, just before the burst, for a tracer to attach from outside (0: none).</summary>
    public int TraceWaitSeconds { get; init; }

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: dotnet run -c Release --project bench/Doe -- [--sites 1000] [--concurrency 32] [--warmup 3000] [--webhook-timeout 60] [--hold 0] [--trace-wait 0]";

    /// <summary>The options; or null and the problem with <paramref name="args"/> (null too for <c>--help</c>, which gets <see cref="Usage"/>).</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var (options, error) = CommandLine.Parse(args, new BenchOptions(), (name, o) => name switch
        {
            "--sites" => (1, n => o with { Sites = n }),
            "--concurrency" => (1, n => o with { Concurrency = n }),
            "--warmup" => (0, n => o with { Warmup = n }),
            "--webhook-timeout" => (1, n => o with { WebhookTimeoutSeconds = n }),
            "--hold" => (0, n => o with { HoldSeconds = n }),
            "--trace-wait" => (0, n => o with { TraceWaitSeconds = n }),
            _ => null,
        });
        return (options, error);
    }
}
