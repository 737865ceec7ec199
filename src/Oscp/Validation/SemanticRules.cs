using System.Globalization;
using System.Text.Json;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Rules JSON Schema cannot express, checked on the raw body so they run even when other parts are
/// broken: each block ends after it starts; blocks of the same phase in one message do not overlap
/// (blocks are half-open [start, end), so a shared boundary is not an overlap); an energy reading does
/// not start counting after it was taken; a capacity is finite (<c>1e999</c> matches the schema's number, and
/// would read as infinity: no limit at all). Values the schema already rejects are skipped here.
/// </summary>
internal static class SemanticRules
{
    /// <summary>Adds the problems of <paramref name="body"/>; <paramref name="quick"/>: without building their paths (see <see cref="JsonLocation.Unbuilt"/>).</summary>
    public static void Check(JsonElement body, ProblemList problems, bool quick = false)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (body.TryGetProperty("forecasted_blocks", out var blocks) && blocks.ValueKind == JsonValueKind.Array)
        {
            CheckBlocks(blocks, JsonLocation.Root(quick, "forecasted_blocks"), problems);
        }

        if (body.TryGetProperty("measurements", out var measurements) && measurements.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var measurement in measurements.EnumerateArray())
            {
                var path = JsonLocation.Index(JsonLocation.Root(quick, "measurements"), index++);

                // UpdateGroupMeasurements lists energy readings; UpdateAssetMeasurements nests one per asset.
                CheckEnergyMeasurement(measurement, path, problems);
                if (measurement.ValueKind == JsonValueKind.Object && measurement.TryGetProperty("energy_measurement", out var energy))
                {
                    CheckEnergyMeasurement(energy, JsonLocation.Property(path, "energy_measurement"), problems);
                }
            }
        }
    }

    private static void CheckBlocks(JsonElement blocks, string path, ProblemList problems)
    {
        var spans = new List<(int Index, string Phase, DateTimeOffset Start, DateTimeOffset End)>();
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var blockPath = JsonLocation.Index(path, index);
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("capacity", out var capacity) && IsPositiveInfinity(capacity))
            {
                problems.Add(JsonLocation.Property(blockPath, "capacity"), "must be a finite number");
            }

            if (TryTime(block, "start_time", out var start) && TryTime(block, "end_time", out var end))
            {
                if (end <= start)
                {
                    problems.Add(JsonLocation.Property(blockPath, "end_time"), "must be after start_time");
                }
                else if (block.TryGetProperty("phase", out var phase) && phase.ValueKind == JsonValueKind.String)
                {
                    spans.Add((index, phase.GetString()!, start, end));
                }
            }

            index++;
        }

        // Sweep per phase in start order: a block overlaps the earlier-starting block that reaches furthest.
        foreach (var phase in spans.GroupBy(s => s.Phase, StringComparer.Ordinal))
        {
            (int Index, DateTimeOffset End)? furthest = null;
            foreach (var span in phase.OrderBy(s => s.Start).ThenBy(s => s.Index))
            {
                if (furthest is { } previous && span.Start < previous.End)
                {
                    var (later, earlier) = span.Index > previous.Index ? (span.Index, previous.Index) : (previous.Index, span.Index);
                    problems.Add(JsonLocation.Index(path, later), $"overlaps {JsonLocation.Index(path, earlier)}");
                }

                if (furthest is null || span.End > furthest.Value.End)
                {
                    furthest = (span.Index, span.End);
                }
            }
        }
    }

    private static void CheckEnergyMeasurement(JsonElement energy, string path, ProblemList problems)
    {
        if (TryTime(energy, "initial_measure_time", out var initial) && TryTime(energy, "measure_time", out var measured)
            && initial > measured)
        {
            problems.Add(JsonLocation.Property(path, "initial_measure_time"), "must not be after measure_time");
        }
    }

    // Numbers beyond double's range: a JSON number, or a numeric string (the reader accepts both). Negative ones are the schema's.
    private static bool IsPositiveInfinity(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => double.IsPositiveInfinity(double.Parse(value.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        JsonValueKind.String => value.GetString() is [>= '0' and <= '9', ..] text // digits as the schema's pattern wants, not "Infinity"
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsPositiveInfinity(number),
        _ => false,
    };

    private static bool TryTime(JsonElement owner, string property, out DateTimeOffset time)
    {
        time = default;
        return owner.ValueKind == JsonValueKind.Object
            && owner.TryGetProperty(property, out var value)
            && JsonTimes.TryRead(value, out time);
    }
}
