using System.CommandLine;
using System.Text.Json;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli.Commands;

/// <summary><c>oscpfleet limits show</c>.</summary>
public static class LimitsCommands
{
    /// <summary>The <c>limits</c> command.</summary>
    public static Command Build(GlobalOptions options, CliConsole console)
    {
        var groupId = new Argument<string>("groupId") { Description = "The site's group id." };
        var at = new Option<DateTimeOffset?>("--at") { Description = "The version in force at this time (RFC 3339 with an offset); default: now.", CustomParser = Rfc3339Time.Parser("--at") };
        var show = new Command("show", "The limit version in force at a site: the document the CSMS webhook receives (GET /api/v1/sites/{groupId}/limits).") { groupId, at };
        show.SetAction(CommandContext.Action(options, console, async (parse, context, cancellation) =>
        {
            var path = SitesCommands.SitePath(parse.GetValue(groupId)!) + "/limits";
            if (parse.GetValue(at) is { } when) path += "?at=" + Uri.EscapeDataString(Rfc3339Time.Format(when));
            var document = await context.Gateway.GetJsonAsync(path, cancellation);
            context.Print(document, WriteTable);
        }));
        var limits = new Command("limits", "The limits in force at sites.");
        limits.Subcommands.Add(show);
        return limits;
    }

    /// <summary>The version's header fields, then its schedule, then each station's share.</summary>
    public static void WriteTable(TextWriter output, JsonElement document)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var field in new[] { "groupId", "version", "issuedAt", "reason", "emergencyStop" })
            output.WriteLine($"{field + ":",-15}{TextTable.Cell(document, field)}");
        output.WriteLine();
        TextTable.Write(output, ["from", "to", "kw", "source"], document.TryGetProperty("schedule", out var schedule) ? schedule : default);
        if (document.TryGetProperty("ocpp", out var ocpp) && ocpp.ValueKind == JsonValueKind.Array && ocpp.GetArrayLength() > 0)
        {
            output.WriteLine();
            TextTable.Write(output, ["chargingStationId", "profileId", "firstLimitW"], ocpp.EnumerateArray().Select(Station));
        }
    }

    private static IReadOnlyList<string> Station(JsonElement station)
    {
        var profile = station.TryGetProperty("setChargingProfileRequest", out var request) && request.TryGetProperty("chargingProfile", out var p) ? p : default;
        var first = profile.ValueKind == JsonValueKind.Object && profile.TryGetProperty("chargingSchedule", out var schedules) && schedules.GetArrayLength() > 0
            && schedules[0].TryGetProperty("chargingSchedulePeriod", out var periods) && periods.GetArrayLength() > 0 ? periods[0] : default;
        return [TextTable.Cell(station, "chargingStationId"), profile.ValueKind == JsonValueKind.Object ? TextTable.Cell(profile, "id") : "",
            first.ValueKind == JsonValueKind.Object ? TextTable.Cell(first, "limit") : ""];
    }
}
