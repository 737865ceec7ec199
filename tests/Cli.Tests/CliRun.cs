using System.Text;

namespace OscpFleet.Cli.Tests;

/// <summary>One in-process run of the CLI's entry point, with captured stdout and stderr and a made-up environment.</summary>
/// <param name="ExitCode">What the process would exit with.</param>
/// <param name="Out">stdout.</param>
/// <param name="Error">stderr.</param>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs <paramref name="args"/> with only <paramref name="environment"/> as environment variables.</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var output = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var error = new StringWriter(new StringBuilder(), System.Globalization.CultureInfo.InvariantCulture);
        var env = environment ?? new Dictionary<string, string>();
        var code = await OscpFleetCli.RunAsync(args, new CliConsole(output, error, name => env.TryGetValue(name, out var v) ? v : null));
        return new CliRun(code, output.ToString(), error.ToString());
    }

    /// <summary>Runs without any environment variable.</summary>
    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>For assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
