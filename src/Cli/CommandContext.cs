using System.CommandLine;
using System.Text.Json;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli;

/// <summary>What a command's action works with: the console, the output format and (made on first use) the gateway client.</summary>
public sealed class CommandContext : IDisposable
{
    private readonly Func<GatewaySettings> settings;
    private GatewayClient? gateway;

    /// <summary>A context for one invocation.</summary>
    public CommandContext(CliConsole console, OutputFormat format, Func<GatewaySettings> settings)
    {
        Console = console;
        Format = format;
        this.settings = settings;
    }

    /// <summary>stdout, stderr, the environment.</summary>
    public CliConsole Console { get; }

    /// <summary><c>--output</c>.</summary>
    public OutputFormat Format { get; }

    /// <summary>The gateway client (the settings are resolved, and checked, on first use).</summary>
    public GatewayClient Gateway => gateway ??= Connect();

    private GatewayClient Connect()
    {
        var resolved = settings();
        if (resolved.SendsSecretsInClear)
            Console.Error.WriteLine($"oscpfleet: warning: {resolved.BaseUrl} is plain http; the client secret and the token are sent unencrypted");
        return new GatewayClient(resolved);
    }

    /// <summary>Prints <paramref name="value"/> as JSON, or as a table with <paramref name="table"/>.</summary>
    public void Print(JsonElement value, Action<TextWriter, JsonElement> table)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (Format == OutputFormat.Json) JsonOutput.Write(Console.Out, value);
        else table(Console.Out, value);
    }

    /// <summary>Wraps a command's body: a <see cref="CliFailure"/> ends it with its code and message on stderr.</summary>
    public static Func<ParseResult, CancellationToken, Task<int>> Action(
        GlobalOptions options, CliConsole console, Func<ParseResult, CommandContext, CancellationToken, Task> body) =>
        async (parse, cancellation) =>
        {
            using var context = new CommandContext(console, options.FormatOf(parse), () => options.SettingsOf(parse, console.Environment));
            try
            {
                await body(parse, context, cancellation);
                return ExitCodes.Ok;
            }
            catch (CliFailure failure)
            {
                await console.Error.WriteLineAsync($"oscpfleet: {failure.Message}");
                return failure.ExitCode;
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or JsonException or FormatException)
            {
                // An answer of another shape than this version of the CLI knows (a gateway of another version, a proxy's page).
                await console.Error.WriteLineAsync($"oscpfleet: the gateway's answer is not what this command expects: {e.Message}");
                return ExitCodes.Refused;
            }
            catch (IOException e)
            {
                await console.Error.WriteLineAsync($"oscpfleet: {e.Message}");
                return ExitCodes.Failed;
            }
            catch (UnauthorizedAccessException e)
            {
                await console.Error.WriteLineAsync($"oscpfleet: {e.Message}");
                return ExitCodes.Failed;
            }
        };

    /// <inheritdoc />
    public void Dispose() => gateway?.Dispose();
}
