using System.Text.Json.Nodes;

namespace OscpFleet.Simulator.Tests.Fleet;

/// <summary>Limit documents shaped as the webhook body of docs/endpoints.md, "Limit webhook".</summary>
public static class LimitDocuments
{
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A document with <paramref name="schedule"/> (from, hours, kW) and optional OCPP station periods (start second, W).</summary>
    public static string Build(
        string groupId,
        long version,
        IEnumerable<(DateTimeOffset From, double Hours, double Kw)> schedule,
        IEnumerable<(string Station, (int StartPeriod, double LimitW)[] Periods)>? ocpp = null,
        string reason = "forecast",
        bool emergencyStop = false,
        DateTimeOffset? ocppStart = null)
    {
        var entries = schedule.ToList();
        var start = ocppStart ?? entries[0].From;
        var document = new JsonObject
        {
            ["groupId"] = groupId,
            ["version"] = version,
            ["issuedAt"] = Time(FleetHarness.Start),
            ["reason"] = reason,
            ["emergencyStop"] = emergencyStop,
            ["schedule"] = new JsonArray([.. entries.Select(e => (JsonNode)new JsonObject
            {
                ["from"] = Time(e.From), ["to"] = Time(e.From.AddHours(e.Hours)), ["kw"] = e.Kw, ["source"] = reason,
            })]),
        };
        var id = 9001;
        document["ocpp"] = new JsonArray([.. (ocpp ?? []).Select(s => (JsonNode)new JsonObject
            {
                ["chargingStationId"] = s.Station,
                ["setChargingProfileRequest"] = new JsonObject
                {
                    ["evseId"] = 0,
                    ["chargingProfile"] = new JsonObject
                    {
                        ["id"] = id++, ["stackLevel"] = 0, ["chargingProfilePurpose"] = "ChargingStationMaxProfile", ["chargingProfileKind"] = "Absolute",
                        ["chargingSchedule"] = new JsonArray(new JsonObject
                        {
                            ["id"] = 1, ["startSchedule"] = Time(start), ["duration"] = 86400, ["chargingRateUnit"] = "W",
                            ["chargingSchedulePeriod"] = new JsonArray([.. s.Periods.Select(p => (JsonNode)new JsonObject { ["startPeriod"] = p.StartPeriod, ["limit"] = p.LimitW })]),
                        }),
                    },
                },
            })]);
        return document.ToJsonString();
    }

    /// <summary>One flat limit of <paramref name="kw"/> for 24 hours from the harness start, no OCPP entries.</summary>
    public static string Flat(string groupId, long version, double kw, string reason = "forecast") =>
        Build(groupId, version, [(FleetHarness.Start, 24, kw)], reason: reason);
}
