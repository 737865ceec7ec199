using System.Diagnostics;
using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>
/// How every benchmark starts: invariant culture, its options (the usage on <c>--help</c>; the problem, the usage and
/// exit code 2 on a bad one), the <c>machine:</c> and <c>command:</c> lines, and a progress clock.
/// </summary>
/// <typeparam name="TOptions">The benchmark's own options.</typeparam>
public sealed class BenchRun<TOptions>
    where TOptions : class
{
    private BenchRun(TOptions options, string machine)
    {
        Options = options;
        Machine = machine;
    }

    /// <summary>The benchmark's options.</summary>
    public TOptions Options { get; }

    /// <summary>The machine it runs on, as printed.</summary>
    public string Machine { get; }

    /// <summary>Time since the start.</summary>
    public Stopwatch Total { get; } = Stopwatch.StartNew();

    /// <summary>
    /// Starts a run from the parsed command line; null (with the exit code to return) when it printed the usage or a
    /// problem instead.
    /// </summary>
    public static BenchRun<TOptions>? Start((TOptions? Options, string? Error) parsed, string usage, Func<TOptions, string> command, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(command);
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var (options, error) = parsed;
        if (options is null)
        {
            if (error is not null) Console.Error.WriteLine(error);
            (error is null ? Console.Out : Console.Error).WriteLine(usage);
            exitCode = error is null ? 0 : 2;
            return null;
        }

        exitCode = 0;
        var machine = MachineInfo.Describe();
        Console.WriteLine($"machine: {machine}");
        Console.WriteLine($"command: {command(options)}");
        return new BenchRun<TOptions>(options, machine);
    }

    /// <summary>A progress line, stamped with the time since the start.</summary>
    public void Progress(string line) => Console.WriteLine($"[{Total.Elapsed.TotalSeconds,6:0.0} s] {line}");

    /// <summary>Other work on the machine skews every figure: measures it for a second and says so before starting.</summary>
    public static async Task WarnIfMachineBusyAsync()
    {
        var quiet = CpuUsage.Start();
        await Task.Delay(TimeSpan.FromSeconds(1));
        if (quiet.Stop().Others is { } busy)
        {
            Console.WriteLine($"other processes before the run: {busy:0.00} cores busy");
            if (busy > 0.25) Console.WriteLine("WARNING: something else is using the CPU; the figures will be low and noisy.");
        }
    }
}
