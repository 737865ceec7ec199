using System.Globalization;
using System.Text;
using System.Text.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// One line per accepted report, adjustment or compliance error, for the console and for
/// <see cref="ReceivedMessage.Summary"/> (times UTC, <c>HH:mm</c>, or <c>HH:mm:ss</c> when not on a whole minute;
/// numbers invariant, at most three decimals):
/// <list type="bullet">
/// <item><c>Report BUS_AUK_1 12:00–12:15: 3.125 kWh, max 48.2 kW</c> (a per-period reading; <c>, max …</c> only with an instantaneous reading)</item>
/// <item><c>Report BUS_AUK_1 at 12:15: 1834.521 kWh cumulative</c> (a reading without <c>initial_measure_time</c>)</item>
/// <item><c>Adjustment BUS_AUK_1 CONSUMPTION: 4 blocks, first 12:00–12:15 150 kW</c></item>
/// <item><c>Compliance error for forecast &lt;id&gt; of BUS_AUK_1: &lt;message&gt;</c> (<c>[2 blocks, first …]</c> appended when it names blocks)</item>
/// </list>
/// </summary>
internal static class CpReceivedSummary
{
    private const string Dash = "\u2013";

    /// <summary>
    /// The line for an accepted <paramref name="message"/>; null for the connection messages (handshakes and
    /// heartbeats have their own log lines). <paramref name="forecastGroup"/> names the site of a forecast request id
    /// the simulator sent (null when it sent none with that id).
    /// </summary>
    public static string? Describe(object? message, string? correlationId, Func<string, string?> forecastGroup) => message switch
    {
        UpdateAssetMeasurements asset => Report(asset.GroupId, [.. asset.Measurements.Where(m => m.EnergyMeasurement is not null).Select(m => m.EnergyMeasurement!)],
            [.. asset.Measurements.Where(m => m.InstantaneousMeasurement is not null).Select(m => m.InstantaneousMeasurement!)]),
        UpdateGroupMeasurements group => Report(group.GroupId, group.Measurements, []),
        AdjustGroupCapacityForecast adjust =>
            $"Adjustment {adjust.GroupId} {JsonNamingPolicy.SnakeCaseUpper.ConvertName(adjust.Type.ToString())}: {Blocks(adjust.ForecastedBlocks)}",
        GroupCapacityComplianceError error => Compliance(error, correlationId, forecastGroup),
        _ => null,
    };

    private static string Report(string groupId, IReadOnlyList<EnergyMeasurement> energy, IReadOnlyList<InstantaneousMeasurement> instantaneous)
    {
        var line = new StringBuilder("Report ").Append(groupId);
        if (energy.Count == 0)
        {
            line.Append(instantaneous.Count == 0 ? ": no readings" : $" at {Time(instantaneous[0].MeasureTime)}: no energy reading");
        }
        else
        {
            // Several readings (several assets, phases or registers) are added up; the first one gives the period.
            var first = energy[0];
            line.Append(first.InitialMeasureTime is { } from ? $" {Time(from)}{Dash}{Time(first.MeasureTime)}" : $" at {Time(first.MeasureTime)}");
            line.Append(": ").Append(Number(energy.Sum(e => e.Unit == EnergyMeasurementUnit.Wh ? e.Value / 1000 : e.Value))).Append(" kWh");
            if (first.InitialMeasureTime is null) line.Append(" cumulative");
            if (energy.Count > 1) line.Append(CultureInfo.InvariantCulture, $" ({energy.Count} readings)");
        }

        if (instantaneous.Count > 0) line.Append(", max ").Append(MaxLoad(instantaneous));
        return line.ToString();
    }

    // Power in kW whatever its unit; anything else (plain OSCP also allows A, Wh, kWh here) as it came.
    private static string MaxLoad(IReadOnlyList<InstantaneousMeasurement> readings)
    {
        var power = readings.Where(r => r.Unit is InstantaneousMeasurementUnit.Kw or InstantaneousMeasurementUnit.W)
            .Select(r => r.Unit == InstantaneousMeasurementUnit.W ? r.Value / 1000 : r.Value)
            .ToList();
        if (power.Count > 0) return $"{Number(power.Max())} kW";
        var other = readings.MaxBy(r => r.Value)!;
        return $"{Number(other.Value)} {Unit(other.Unit.ToString())}";
    }

    private static string Compliance(GroupCapacityComplianceError error, string? correlationId, Func<string, string?> forecastGroup)
    {
        var line = new StringBuilder("Compliance error ");
        if (correlationId is null) line.Append("without X-Correlation-ID");
        else if (forecastGroup(correlationId) is { } groupId) line.Append("for forecast ").Append(correlationId).Append(" of ").Append(groupId);
        else line.Append("for forecast ").Append(correlationId).Append(" (not one the simulator sent)");
        line.Append(": ").Append(error.Message);
        if (error.ForecastedBlocks is { Count: > 0 } blocks) line.Append(" [").Append(Blocks(blocks)).Append(']');
        return line.ToString();
    }

    private static string Blocks(IReadOnlyList<ForecastedBlock> blocks)
    {
        if (blocks.Count == 0) return "no blocks";
        var first = blocks[0];
        var count = blocks.Count == 1 ? "1 block" : $"{blocks.Count.ToString(CultureInfo.InvariantCulture)} blocks";
        return $"{count}, first {Time(first.StartTime)}{Dash}{Time(first.EndTime)} {Number(first.Capacity)} {Unit(first.Unit.ToString())}";
    }

    private static string Time(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return utc.ToString(utc.Second == 0 && utc.Millisecond == 0 ? "HH':'mm" : "HH':'mm':'ss", CultureInfo.InvariantCulture);
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    // The enum member names (Kw, Kwh, Wh, W, A) as people write the units.
    private static string Unit(string member) => member switch
    {
        "Kw" => "kW",
        "Kwh" => "kWh",
        _ => member,
    };
}
