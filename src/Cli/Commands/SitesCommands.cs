using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli.Commands;

/// <summary><c>oscpfleet sites import|export|list|show</c>.</summary>
public static class SitesCommands
{
    /// <summary>The page size asked of <c>GET /api/v1/sites</c> (its maximum).</summary>
    public const int PageSize = 1000;

    /// <summary>How many sites <c>sites export</c> reads at once.</summary>
    public const int ExportParallelism = 8;

    /// <summary>The <c>sites</c> command and its subcommands.</summary>
    public static Command Build(GlobalOptions options, CliConsole console)
    {
        var sites = new Command("sites", "Onboard, read and export sites.");
        sites.Subcommands.Add(Import(options, console));
        sites.Subcommands.Add(Export(options, console));
        sites.Subcommands.Add(List(options, console));
        sites.Subcommands.Add(Show(options, console));
        return sites;
    }

    private static Command Import(GlobalOptions options, CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "A .csv file (groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw; header optional) or a .json array of site bodies with groupId." };
        var format = new Option<string>("--format") { Description = "csv or json; default: from the file's extension (.csv), else json." };
        format.AcceptOnlyFromAmong("csv", "json");
        var command = new Command("import", "Onboard or change many sites at once (POST /api/v1/sites:import): every row is validated first, nothing is written if one is invalid.")
        {
            file, format,
        };
        command.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var path = parse.GetValue(file)!;
            var kind = SiteFile.KindOf(path, parse.GetValue(format));
            var body = await SiteFile.ReadAsync(path, cancellation);
            var answer = await context.Gateway.PostAsync("api/v1/sites:import", () => SiteFile.Content(body, kind), cancellation);
            context.Print(answer, TextTable.WriteFields);
        }));
        return command;
    }

    private static Command Export(GlobalOptions options, CliConsole console)
    {
        var file = new Option<FileInfo>("--file") { Description = "Write the export to this file instead of stdout." };
        var peer = new Option<string>("--peer-id") { Description = "Only the sites of this peer." };
        var command = new Command("export", "Every enabled site as a JSON array of site bodies with groupId: what 'sites import' takes (always JSON).")
        {
            file, peer,
        };
        command.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var listed = await ListAllAsync(context.Gateway, parse.GetValue(peer), null, cancellation);
            var ids = listed.Where(s => s.State != "disabled").Select(s => s.GroupId).ToList();
            var bodies = new JsonNode?[ids.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, ids.Count), new ParallelOptions { MaxDegreeOfParallelism = ExportParallelism, CancellationToken = cancellation },
                async (i, token) => bodies[i] = SiteBody(await context.Gateway.GetJsonAsync(SitePath(ids[i]), token)));
            var json = new JsonArray(bodies).ToJsonString(new JsonSerializerOptions { WriteIndented = true });
            if (parse.GetValue(file) is { } target)
            {
                await File.WriteAllTextAsync(target.FullName, json + Environment.NewLine, new UTF8Encoding(false), cancellation);
                await context.Console.Error.WriteLineAsync($"{ids.Count} sites written to {target.FullName}");
            }
            else
            {
                await context.Console.Out.WriteLineAsync(json);
            }
        }));
        return command;
    }

    private static Command List(GlobalOptions options, CliConsole console)
    {
        var peer = new Option<string>("--peer-id") { Description = "Only the sites of this peer." };
        var state = new Option<string>("--state") { Description = "Only sites in this state: forecast, fallback, base_doe, emergency_stop, operator or disabled." };
        var command = new Command("list", "Every site (all pages of GET /api/v1/sites): group id, peer, state.") { peer, state };
        command.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var sites = await ListAllAsync(context.Gateway, parse.GetValue(peer), parse.GetValue(state), cancellation);
            var json = JsonSerializer.SerializeToElement(new { sites = sites.Select(s => new { groupId = s.GroupId, peerId = s.PeerId, state = s.State }) });
            context.Print(json, (output, value) => TextTable.Write(output, ["groupId", "peerId", "state"], value.GetProperty("sites")));
        }));
        return command;
    }

    private static Command Show(GlobalOptions options, CliConsole console)
    {
        var groupId = new Argument<string>("groupId") { Description = "The site's group id." };
        var command = new Command("show", "One site: its definition, state, limit versions, delivery and outbox (GET /api/v1/sites/{groupId}).") { groupId };
        command.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var site = await context.Gateway.GetJsonAsync(SitePath(parse.GetValue(groupId)!), cancellation);
            context.Print(site, TextTable.WriteFields);
        }));
        return command;
    }

    /// <summary>The path of one site.</summary>
    public static string SitePath(string groupId) => "api/v1/sites/" + Uri.EscapeDataString(groupId);

    /// <summary>A site as <c>GET /api/v1/sites/{groupId}</c> shows it, turned into the body an import takes (its definition with its group id first).</summary>
    public static JsonObject SiteBody(JsonElement site)
    {
        var body = new JsonObject { ["groupId"] = site.GetProperty("groupId").GetString() };
        foreach (var property in site.GetProperty("definition").EnumerateObject())
            body[property.Name] = JsonNode.Parse(property.Value.GetRawText());
        return body;
    }

    private static async Task<List<(string GroupId, string? PeerId, string? State)>> ListAllAsync(
        GatewayClient gateway, string? peerId, string? state, CancellationToken cancellation)
    {
        var all = new List<(string, string?, string?)>();
        string? cursor = null;
        do
        {
            var query = new List<string> { $"limit={PageSize}" };
            if (peerId is not null) query.Add("peerId=" + Uri.EscapeDataString(peerId));
            if (state is not null) query.Add("state=" + Uri.EscapeDataString(state));
            if (cursor is not null) query.Add("cursor=" + Uri.EscapeDataString(cursor));
            var page = await gateway.GetJsonAsync("api/v1/sites?" + string.Join('&', query), cancellation);
            all.AddRange(page.GetProperty("sites").EnumerateArray().Select(s =>
                (s.GetProperty("groupId").GetString()!, TextOrNull(s, "peerId"), TextOrNull(s, "state"))));
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        return all;
    }

    private static string? TextOrNull(JsonElement value, string name) =>
        value.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
