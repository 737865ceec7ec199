using System.CommandLine;
using System.CommandLine.Invocation;
using OscpFleet.Cli.Commands;

namespace OscpFleet.Cli;

/// <summary>The <c>oscpfleet</c> command line: its commands, and the entry point tests call in-process.</summary>
public static class OscpFleetCli
{
    /// <summary>Builds the command tree writing to <paramref name="console"/>.</summary>
    public static RootCommand Build(CliConsole console)
    {
        var options = new GlobalOptions();
        var root = new RootCommand("oscpfleet: the OscpFleet operator's command line. It calls a gateway's operator API with an operator client's credentials "
            + $"(--url/{GatewaySettings.UrlVariable}, --client-id/{GatewaySettings.ClientIdVariable}, --client-secret/{GatewaySettings.ClientSecretVariable}). "
            + $"Exit codes: {ExitCodes.Ok} done, {ExitCodes.Failed} local failure, {ExitCodes.Usage} usage, {ExitCodes.Auth} credentials refused, "
            + $"{ExitCodes.Refused} request refused (the API's problem on stderr), {ExitCodes.Unreachable} gateway unreachable.");
        options.AddTo(root);
        root.Subcommands.Add(SitesCommands.Build(options, console));
        root.Subcommands.Add(LimitsCommands.Build(options, console));
        root.Subcommands.Add(PeersCommands.Build(options, console));
        root.Subcommands.Add(JournalCommands.Build(options, console));
        root.Subcommands.Add(HistoryCommand.Build(options, console));
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the command; returns the exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var parse = Build(console).Parse(args);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors) await console.Error.WriteLineAsync($"oscpfleet: {error.Message}");
            await console.Error.WriteLineAsync("Run 'oscpfleet --help' (or '<command> --help') for usage.");
            return ExitCodes.Usage;
        }
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = console.Out, Error = console.Error }, cancellation);
        await console.Out.FlushAsync(cancellation);
        return code;
    }
}
