using System.Text.Json;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Reads a webhook body with the product's own <see cref="LimitDocumentJson"/>, then checks what the simulated
/// chargers rely on, saying precisely what is wrong (the 400's message).
/// </summary>
internal static class LimitDocumentReader
{
    public static LimitDocument? TryRead(byte[] body, out string? problem)
    {
        LimitDocument document;
        try
        {
            document = LimitDocumentJson.Deserialize(body);
        }
        catch (JsonException e)
        {
            problem = e.Message;
            return null;
        }

        problem = Check(document);
        return problem is null ? document : null;
    }

    /// <summary>The webhook body's word (docs/endpoints.md, "Limit webhook") for a reason or source (<c>base_doe</c>, <c>emergency_stop</c>, …).</summary>
    public static string Name(LimitReason reason) => JsonNamingPolicy.SnakeCaseLower.ConvertName(reason.ToString());

    private static string? Check(LimitDocument document)
    {
        if (string.IsNullOrWhiteSpace(document.GroupId)) return "groupId: is required";
        if (document.Version < 0) return "version: must be >= 0";
        for (var i = 0; i < document.Schedule.Length; i++)
        {
            var entry = document.Schedule[i];
            if (entry.To <= entry.From) return $"schedule[{i}]: 'to' must be after 'from'";
            if (!double.IsFinite(entry.Kw) || entry.Kw < 0) return $"schedule[{i}].kw: must be a number >= 0";
        }

        for (var i = 0; i < document.Ocpp.Length; i++)
        {
            if (CheckStation(document.Ocpp[i]) is { } problem) return $"ocpp[{i}].{problem}";
        }

        return null;
    }

    private static string? CheckStation(StationChargingProfile station)
    {
        if (string.IsNullOrWhiteSpace(station.ChargingStationId)) return "chargingStationId: is required";
        var schedules = station.SetChargingProfileRequest.ChargingProfile.ChargingSchedule;
        if (schedules.Length == 0) return "setChargingProfileRequest.chargingProfile.chargingSchedule: at least one schedule is required";
        for (var j = 0; j < schedules.Length; j++)
        {
            var schedule = schedules[j];
            var key = $"setChargingProfileRequest.chargingProfile.chargingSchedule[{j}]";
            if (schedule.ChargingRateUnit is not ("W" or "A")) return $"{key}.chargingRateUnit: must be W or A";
            if (schedule.Duration <= 0) return $"{key}.duration: must be > 0";
            if (schedule.ChargingSchedulePeriod.Length == 0) return $"{key}.chargingSchedulePeriod: at least one period is required";
            for (var k = 0; k < schedule.ChargingSchedulePeriod.Length; k++)
            {
                var period = schedule.ChargingSchedulePeriod[k];
                if (period.StartPeriod < 0) return $"{key}.chargingSchedulePeriod[{k}].startPeriod: must be >= 0";
                if (!double.IsFinite(period.Limit) || period.Limit < 0) return $"{key}.chargingSchedulePeriod[{k}].limit: must be a number >= 0";
            }
        }

        return null;
    }
}
