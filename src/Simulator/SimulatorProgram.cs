using Microsoft.Extensions.Options;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator;

/// <summary>
/// The command line: <c>OscpFleet.Simulator &lt;mode&gt; [--Key=value …]</c>. The mode word picks the simulator
/// (<c>cp</c> or <c>fleet</c>); everything else is ordinary .NET configuration.
/// </summary>
public static class SimulatorProgram
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: OscpFleet.Simulator <mode> [--Section:Key=value ...]

        Modes:
          cp      a Vector-like capacity provider for an OscpFleet gateway (settings under Simulator:Cp)
          fleet   a CSMS with simulated chargers: onboards sites, receives limit webhooks, confirms them (settings under Simulator:Fleet)

        Every setting is a configuration key: appsettings.json, an environment variable (Simulator__Cp__FpBaseUrl)
        or an argument (--Simulator:Cp:FpBaseUrl=http://127.0.0.1:5080). See src/Simulator/README.md.
        """;

    /// <summary>Runs the chosen simulator until Ctrl-C; exit code 2 (one line per problem) for invalid settings, 1 for a bad command line.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var mode = args.Length > 0 ? args[0] : null;
        switch (mode)
        {
            case "cp":
                return await RunValidatedAsync(() => CapacityProviderSimulator.Build(args[1..]));
            case "fleet":
                return await RunValidatedAsync(() => FleetSimulator.Build(args[1..]));
            case "-h" or "--help" or "help":
                Console.WriteLine(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync(mode is null ? "A mode is required." : $"Unknown mode '{mode}'.");
                await Console.Error.WriteLineAsync(Usage);
                return 1;
        }
    }

    private static async Task<int> RunValidatedAsync(Func<WebApplication> build)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (OptionsValidationException e)
        {
            // Names and reasons only: a value could be a secret.
            await Console.Error.WriteLineAsync("The simulator cannot start: the configuration is invalid.");
            foreach (var failure in e.Failures) await Console.Error.WriteLineAsync("  " + failure);
            return 2;
        }

        await using (app)
        {
            await app.RunAsync();
        }

        return 0;
    }
}
