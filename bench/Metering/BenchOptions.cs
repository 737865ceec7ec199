using System.Globalization;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// The benchmark's command line: <c>[--sites N] [--chargers N] [--batch-sites N] [--concurrency N] [--rounds N]
/// [--warmup N] [--period-samples N] [--report-warmups N] [--report-timeout SECONDS]</c>.
/// </summary>
internal sealed record BenchOptions
{
    /// <summary>Sites onboarded; every one gets samples and reports a period.</summary>
    public int Sites { get; init; } = 1000;

    /// <summary>Chargers per site (one sample per charger per ingest round).</summary>
    public int Chargers { get; init; } = 4;

    /// <summary>Sites per <c>POST /api/v1/meter-values</c> batch in the ingest measurement.</summary>
    public int BatchSites { get; init; } = 100;

    /// <summary>Concurrent CSMS clients sending the ingest batches.</summary>
    public int Concurrency { get; init; } = 8;

    /// <summary>Measured ingest rounds; a round is one sample per charger of every site (<see cref="Sites"/> / <see cref="BatchSites"/> batches).</summary>
    public int Rounds { get; init; } = 20;

    /// <summary>Ingest rounds sent before the measured ones to each side, not measured (JIT tiering, connections, grain activation).</summary>
    public int Warmup { get; init; } = 10;

    /// <summary>Samples per charger put in each reported period (spread over the period, as a CSMS sampling every minute would).</summary>
    public int PeriodSamples { get; init; } = 15;

    /// <summary>
    /// Quarter-hour boundaries run before the measured one, not measured; the baseline gets as many rounds of one report per site.
    /// </summary>
    public int ReportWarmups { get; init; } = 2;

    /// <summary>How long the reports of one boundary may take to reach the CP before the run fails.</summary>
    public int ReportTimeoutSeconds { get; init; } = 120;

    /// <summary>The most ingest rounds (warm-up and measured): one second apart, within the 5 minutes a sample may be ahead of the product clock.</summary>
    public const int MaxIngestRounds = 299;

    /// <summary>Sites per batch when the period samples are posted (at most <see cref="MaxSamplesPerBody"/> samples per request).</summary>
    public int PeriodBatchSites => Math.Max(1, Math.Min(BatchSites, MaxSamplesPerBody / (Chargers * PeriodSamples)));

    /// <summary>
    /// Samples that fit one request body: the gateway refuses bodies over <c>Oscp:MaxBodyBytes</c> (1 MiB by default)
    /// with 413, and a sample takes ~100 bytes of JSON. (Its own bound of 50,000 samples per request is never reached.)
    /// </summary>
    public const int MaxSamplesPerBody = 8_000;
    private const int MaxSamplesPerSiteRequest = 10_000;
    private const int MaxPendingPerSite = 5_000;

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: dotnet run -c Release --project bench/Metering -- [--sites 1000] [--chargers 4] [--batch-sites 100] [--concurrency 8] "
        + "[--rounds 20] [--warmup 10] [--period-samples 15] [--report-warmups 2] [--report-timeout 120]";

    /// <summary>The exact command these options stand for (every option spelled out).</summary>
    public string Command => string.Create(CultureInfo.InvariantCulture,
        $"dotnet run -c Release --project bench/Metering -- --sites {Sites} --chargers {Chargers} --batch-sites {BatchSites} --concurrency {Concurrency} "
        + $"--rounds {Rounds} --warmup {Warmup} --period-samples {PeriodSamples} --report-warmups {ReportWarmups} --report-timeout {ReportTimeoutSeconds}");

    /// <summary>The options; or null and the problem with <paramref name="args"/> (null too for <c>--help</c>, which gets <see cref="Usage"/>).</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var (options, error) = CommandLine.Parse(args, new BenchOptions(), (name, o) => name switch
        {
            "--sites" => (1, n => o with { Sites = n }),
            "--chargers" => (1, n => o with { Chargers = n }),
            "--batch-sites" => (1, n => o with { BatchSites = n }),
            "--concurrency" => (1, n => o with { Concurrency = n }),
            "--rounds" => (1, n => o with { Rounds = n }),
            "--warmup" => (0, n => o with { Warmup = n }),
            "--period-samples" => (1, n => o with { PeriodSamples = n }),
            "--report-warmups" => (0, n => o with { ReportWarmups = n }),
            "--report-timeout" => (1, n => o with { ReportTimeoutSeconds = n }),
            _ => null,
        });
        return options is not null && options.Check() is { } invalid ? (null, invalid) : (options, error);
    }

    // The product's bounds, so a run is refused up front rather than answered 400 or 429 half-way.
    private string? Check()
    {
        if (Warmup + Rounds > MaxIngestRounds)
            return $"--warmup + --rounds: at most {MaxIngestRounds} (the samples are one second apart and at most 5 minutes ahead of the product clock)";
        if ((long)BatchSites * Chargers > MaxSamplesPerBody)
            return $"--batch-sites × --chargers: at most {MaxSamplesPerBody} samples per request (the gateway takes bodies up to 1 MiB)";
        if ((long)Chargers * PeriodSamples > MaxSamplesPerSiteRequest)
            return $"--chargers × --period-samples: at most {MaxSamplesPerSiteRequest} samples per site per request";
        if (PeriodSamples > PeriodSampleSlots)
            return $"--period-samples: at most {PeriodSampleSlots} (one second apart in the last {PeriodSampleSlots} s of the first period's 15 minutes)";
        if ((long)Chargers * (Warmup + Rounds + PeriodSamples) > MaxPendingPerSite)
            return $"--chargers × (--warmup + --rounds + --period-samples): at most {MaxPendingPerSite} samples per site per open period";
        return null;
    }

    /// <summary>Seconds of a period the period samples may use: after the ingest samples' first 5 minutes, up to its end.</summary>
    public const int PeriodSampleSlots = 15 * 60 - SamplePlan.PeriodSamplesFrom;
}
