using System.CommandLine;
using System.Text.Json;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli.Commands;

/// <summary><c>oscpfleet history &lt;groupId&gt; --from --to</c>.</summary>
public static class HistoryCommand
{
    /// <summary>The columns of the periods table.</summary>
    public static readonly string[] PeriodColumns = ["periodStart", "periodEnd", "limitKwMin", "limitKwMax", "energyKwh", "maxKw", "reported", "complete"];

    /// <summary>The columns of the versions table.</summary>
    public static readonly string[] VersionColumns = ["version", "issuedAt", "reason", "appliedAt"];

    /// <summary>The <c>history</c> command.</summary>
    public static Command Build(GlobalOptions options, CliConsole console)
    {
        var groupId = new Argument<string>("groupId") { Description = "The site's group id." };
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (RFC 3339 with an offset); default: 24 hours before --to.", CustomParser = Rfc3339Time.Parser("--from") };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End, at most 31 days after --from; default: now.", CustomParser = Rfc3339Time.Parser("--to") };
        var history = new Command("history", "A site's report periods (limit in force, energy and maximum load reported, when the CP accepted them) and the limit "
            + "versions issued in [from, to) (GET /api/v1/sites/{groupId}/history).")
        {
            groupId, from, to,
        };
        history.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var query = new List<string>();
            if (parse.GetValue(from) is { } f) query.Add("from=" + Uri.EscapeDataString(Rfc3339Time.Format(f)));
            if (parse.GetValue(to) is { } t) query.Add("to=" + Uri.EscapeDataString(Rfc3339Time.Format(t)));
            var path = SitesCommands.SitePath(parse.GetValue(groupId)!) + "/history" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            var answer = await context.Gateway.GetJsonAsync(path, cancellation);
            context.Print(answer, WriteTable);
        }));
        return history;
    }

    /// <summary>The range, the periods table, then the versions table.</summary>
    public static void WriteTable(TextWriter output, JsonElement history)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine($"{TextTable.Cell(history, "groupId")} from {TextTable.Cell(history, "from")} to {TextTable.Cell(history, "to")}");
        output.WriteLine();
        output.WriteLine("periods");
        TextTable.Write(output, PeriodColumns, history.TryGetProperty("periods", out var periods) ? periods : default);
        output.WriteLine();
        output.WriteLine("versions");
        TextTable.Write(output, VersionColumns, history.TryGetProperty("versions", out var versions) ? versions : default);
    }
}
