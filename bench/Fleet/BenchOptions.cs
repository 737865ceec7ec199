namespace OscpFleet.Bench.Fleet;

/// <summary>The command line: <c>[--sites N] [--silos N] [--gateways N] [--concurrency N] [--warmup N] [--report-period N] [--report-spread N] [--csms-cap N] [--cp-cap N] [--hold N] [--until 3..6]</c>.</summary>
internal sealed record BenchOptions
{
    /// <summary>Sites imported; the burst sends one forecast to each.</summary>
    public int Sites { get; init; } = 10_000;

    /// <summary>Silo processes in the cluster.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Gateway processes in the cluster (the bursts take turns over them).</summary>
    public int Gateways { get; init; } = 2;

    /// <summary>Concurrent HTTP clients of the bursts.</summary>
    public int Concurrency { get; init; } = 32;

    /// <summary>Forecasts sent to the anchor and to the fleet before the measured burst (JIT, connections).</summary>
    public int Warmup { get; init; } = 2000;

    /// <summary>The peer's report period (minutes): everything runs on real time, so much shorter than production's 15.</summary>
    public int ReportPeriod { get; init; } = 2;

    /// <summary>The peer's report spread window (s), below the report period.</summary>
    public int ReportSpread { get; init; } = 30;

    /// <summary>The CSMS endpoint's storm-control cap for the whole cluster (<c>Csms:Endpoints:main:MaxInFlight</c>; the product's default unless given).</summary>
    public int CsmsCap { get; init; } = OscpFleet.Oscp.Configuration.CsmsEndpointOptions.DefaultMaxInFlight;

    /// <summary>The CP's storm-control cap for the whole cluster (<c>Oscp:Peers:vector_test:MaxInFlight</c>, the outbox's sends; the product's default unless given).</summary>
    public int CpCap { get; init; } = OscpFleet.Oscp.Configuration.PeerOptions.DefaultMaxInFlight;

    /// <summary>Seconds to wait before the import and again after the memory measurement with every site active (for <c>dotnet-gcdump collect -p</c>; the silo pids are printed).</summary>
    public int Hold { get; init; }

    /// <summary>The last step to run (3: stop after the memory measurement; 4: after the report boundary; 6: everything); the RESULT line has what was measured.</summary>
    public int Until { get; init; } = 6;

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: dotnet run -c Release --project bench/Fleet -- [--sites 10000] [--silos 3] [--gateways 2] [--concurrency 32] [--warmup 2000] [--report-period 2] [--report-spread 30] [--csms-cap 48] [--cp-cap 24] [--hold 0] [--until 6]";

    /// <summary>The options, or the problem with <paramref name="args"/>.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var parsed = CommandLine.Parse(args, new BenchOptions(), (name, o) => name switch
        {
            "--sites" => (1, n => o with { Sites = n }),
            "--silos" => (2, n => o with { Silos = n }),
            "--gateways" => (1, n => o with { Gateways = n }),
            "--concurrency" => (1, n => o with { Concurrency = n }),
            "--warmup" => (0, n => o with { Warmup = n }),
            "--report-period" => (1, n => o with { ReportPeriod = n }),
            "--report-spread" => (0, n => o with { ReportSpread = n }),
            "--csms-cap" => (1, n => o with { CsmsCap = Math.Min(n, OscpFleet.Oscp.Configuration.ConfigurationValidator.MaxInFlightBound) }),
            "--cp-cap" => (1, n => o with { CpCap = Math.Min(n, OscpFleet.Oscp.Configuration.ConfigurationValidator.MaxInFlightBound) }),
            "--hold" => (0, n => o with { Hold = n }),
            "--until" => (3, n => o with { Until = Math.Min(n, 6) }),
            _ => null,
        });
        return parsed.Options is { } o && o.ReportSpread >= o.ReportPeriod * 60 ? (null, "--report-spread: must be below the report period (--report-period minutes)") : parsed;
    }
}
