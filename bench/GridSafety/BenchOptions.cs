using System.Globalization;

namespace OscpFleet.Bench.GridSafety;

/// <summary>
/// The benchmark's command line: <c>[--sites N] [--seed N] [--step-minutes N] [--heartbeat SECONDS] [--hours N]
/// [--webhook-timeout SECONDS]</c>.
/// </summary>
internal sealed record BenchOptions
{
    /// <summary>Sites bound to the CP, each with its own random script.</summary>
    public int Sites { get; init; } = 20;

    /// <summary>Seed of the CP's random script: the same seed gives the same script.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Product-clock minutes between two steps of the walk.</summary>
    public int StepMinutes { get; init; } = 5;

    /// <summary>
    /// The heartbeat interval we ask of the CP (<c>Oscp:Peers:vector_test:HeartbeatIntervalSeconds</c>). The CP's
    /// <c>offline_mode_at</c> is three of them ahead, so it must outlast a step by far, or every step would drop the
    /// connection.
    /// </summary>
    public int HeartbeatSeconds { get; init; } = 600;

    /// <summary>Length of the simulated day, in hours of the product clock.</summary>
    public int Hours { get; init; } = 24;

    /// <summary>How long an expected webhook or state change may take (wall clock) before the run fails.</summary>
    public int WebhookTimeoutSeconds { get; init; } = 30;

    /// <summary>The usage line.</summary>
    public const string Usage = "usage: dotnet run -c Release --project bench/GridSafety -- [--sites 20] [--seed 1] [--step-minutes 5] [--heartbeat 600] [--hours 24] [--webhook-timeout 30]";

    /// <summary>The exact command these options stand for (every option spelled out).</summary>
    public string Command => string.Create(CultureInfo.InvariantCulture,
        $"dotnet run -c Release --project bench/GridSafety -- --sites {Sites} --seed {Seed} --step-minutes {StepMinutes} --heartbeat {HeartbeatSeconds} --hours {Hours} --webhook-timeout {WebhookTimeoutSeconds}");

    /// <summary>The options; or null and the problem with <paramref name="args"/> (null too for <c>--help</c>, which gets <see cref="Usage"/>).</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var (options, error) = CommandLine.Parse(args, new BenchOptions(), (name, o) => name switch
        {
            "--sites" => (1, n => o with { Sites = n }),
            "--seed" => (0, n => o with { Seed = n }),
            "--step-minutes" => (1, n => o with { StepMinutes = n }),
            "--heartbeat" => (60, n => o with { HeartbeatSeconds = n }),
            "--hours" => (1, n => o with { Hours = n }),
            "--webhook-timeout" => (1, n => o with { WebhookTimeoutSeconds = n }),
            _ => null,
        });
        return options is not null && options.Check() is { } invalid ? (null, invalid) : (options, error);
    }

    private string? Check()
    {
        // A heartbeat of the CP is due at least every interval; its offline_mode_at is three intervals ahead. A step
        // must leave at least one interval of margin, or a heartbeat still on its way would drop the connection.
        if (StepMinutes * 60 > 2 * HeartbeatSeconds)
            return $"--step-minutes: at most 2 × --heartbeat ({2 * HeartbeatSeconds / 60} min), or the connection drops on its own between steps";
        if (Hours > 48)
            return "--hours: at most 48 (the product's limit versions reach 24 h ahead; one day is the point)";
        return null;
    }
}
