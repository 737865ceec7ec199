using System.CommandLine;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli.Commands;

/// <summary><c>oscpfleet peers list|handshake</c>.</summary>
public static class PeersCommands
{
    /// <summary>The columns of <c>peers list</c>.</summary>
    public static readonly string[] Columns = ["peerId", "profile", "state", "stateSince", "lastHeartbeatReceivedAt", "lastHeartbeatSentAt", "lastError"];

    /// <summary>The <c>peers</c> command.</summary>
    public static Command Build(GlobalOptions options, CliConsole console)
    {
        var list = new Command("list", "Every configured OSCP connection: its state, heartbeats each way and last error (GET /api/v1/peers).");
        list.SetAction(CommandContext.Action(options, console, async (_, context, cancellation) =>
        {
            var answer = await context.Gateway.GetJsonAsync("api/v1/peers", cancellation);
            context.Print(answer, (output, value) => TextTable.Write(output, Columns, value.GetProperty("peers")));
        }));

        var peerId = new Argument<string>("peerId") { Description = "The peer (Oscp:Peers:<peerId>)." };
        var handshake = new Command("handshake", "Start a handshake with the peer now (POST /api/v1/peers/{peerId}/handshake); prints its status.") { peerId };
        handshake.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var status = await context.Gateway.PostAsync($"api/v1/peers/{Uri.EscapeDataString(parse.GetValue(peerId)!)}/handshake", () => null, cancellation);
            context.Print(status, TextTable.WriteFields);
        }));

        var peers = new Command("peers", "The OSCP connections to capacity providers.");
        peers.Subcommands.Add(list);
        peers.Subcommands.Add(handshake);
        return peers;
    }
}
