using System.CommandLine;

namespace OscpFleet.Cli.Commands;

/// <summary><c>oscpfleet journal export</c>: the message journal as NDJSON, streamed.</summary>
public static class JournalCommands
{
    /// <summary>The <c>journal</c> command.</summary>
    public static Command Build(GlobalOptions options, CliConsole console)
    {
        var peerId = new Option<string>("--peer-id") { Description = "Only this peer's messages." };
        var groupId = new Option<string>("--group-id") { Description = "Only messages about this site." };
        var message = new Option<string>("--message") { Description = "Only this message, e.g. update_group_capacity_forecast, heartbeat, register." };
        var direction = new Option<string>("--direction") { Description = "in (a CP called us) or out (we called a CP)." };
        direction.AcceptOnlyFromAmong("in", "out");
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start (RFC 3339 with an offset); default: an hour before --to.", CustomParser = Rfc3339Time.Parser("--from") };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End, at most 31 days after --from; default: now.", CustomParser = Rfc3339Time.Parser("--to") };
        var limit = new Option<int?>("--limit") { Description = "At most this many lines (1-1,000,000); default: the whole range." };
        var file = new Option<FileInfo>("--file") { Description = "Write to this file instead of stdout." };
        var export = new Command("export", "The message journal, filtered, as NDJSON (one entry per line) to stdout or --file, streamed as the gateway reads it "
            + "(GET /api/v1/journal/export). --output does not apply.")
        {
            peerId, groupId, message, direction, from, to, limit, file,
        };
        export.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var query = new List<string>();
            void Add(string name, string? value)
            {
                if (value is not null) query.Add($"{name}={Uri.EscapeDataString(value)}");
            }
            Add("peerId", parse.GetValue(peerId));
            Add("groupId", parse.GetValue(groupId));
            Add("message", parse.GetValue(message));
            Add("direction", parse.GetValue(direction));
            Add("from", parse.GetValue(from) is { } f ? Rfc3339Time.Format(f) : null);
            Add("to", parse.GetValue(to) is { } t ? Rfc3339Time.Format(t) : null);
            Add("limit", parse.GetValue(limit)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var path = "api/v1/journal/export" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            if (parse.GetValue(file) is { } target)
            {
                long written;
                await using (var stream = new FileStream(target.FullName, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
                {
                    written = await context.Gateway.StreamAsync(path, stream, cancellation);
                }
                await context.Console.Error.WriteLineAsync($"{written} bytes written to {target.FullName}");
            }
            else
            {
                await context.Console.Out.FlushAsync(cancellation);
                await using var stdout = new TextWriterStream(context.Console.Out);
                await context.Gateway.StreamAsync(path, stdout, cancellation);
            }
        }));
        var journal = new Command("journal", "The message journal: every OSCP message in and out.");
        journal.Subcommands.Add(export);
        return journal;
    }
}
