using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Checks a capacity request (<c>POST /api/v1/sites/{groupId}/capacity-requests</c>,
/// <c>{"type":"CONSUMPTION","blocks":[{"from","to","kw"}]}</c>) completely; pure (body bytes and <c>now</c> in).
/// </summary>
public static class CapacityRequestValidation
{
    /// <summary>Most blocks in one request (two days of 15-minute blocks).</summary>
    public const int MaxBlocks = 192;

    /// <summary>The accepted <c>type</c> values: OSCP's CapacityForecastType wire names, exact and case-sensitive.</summary>
    public static readonly IReadOnlyList<(string Wire, CapacityForecastType Type)> Types =
    [
        ("CONSUMPTION", CapacityForecastType.Consumption),
        ("GENERATION", CapacityForecastType.Generation),
        ("FALLBACK_CONSUMPTION", CapacityForecastType.FallbackConsumption),
        ("FALLBACK_GENERATION", CapacityForecastType.FallbackGeneration),
        ("OPTIMUM", CapacityForecastType.Optimum),
    ];

    private static readonly string[] BodyFields = ["type", "blocks"];
    private static readonly string[] BlockFields = ["from", "to", "kw"];

    /// <summary>
    /// The request when the group id and the whole body are valid: blocks in kW on all phases, UTC, sorted by start;
    /// otherwise every problem.
    /// </summary>
    public static (CapacityRequest? Request, IReadOnlyList<string> Errors) Validate(string groupId, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var problems = new ProblemSink();
        ApiJson.CheckGroupId(groupId, problems);
        CapacityForecastType? type = null;
        List<(int Index, DateTimeOffset From, DateTimeOffset To, double Kw)>? blocks = null;
        using (var document = ApiJson.Parse(body, problems))
        {
            if (document is not null && ApiJson.RootObject(document, problems) is { } root)
            {
                var fields = ApiJson.Fields(root, "", BodyFields, "unknown field; the body is {\"type\",\"blocks\":[{\"from\",\"to\",\"kw\"}]}", problems);
                type = ReadType(fields, problems);
                blocks = ReadBlocks(fields, now, problems);
            }
        }
        if (problems.Count > 0 || type is null || blocks is null) return (null, problems.ToList());
        return (new CapacityRequest(type.Value, [.. blocks
            .OrderBy(b => b.From)
            .Select(b => new ForecastedBlock(b.Kw, PhaseIndicator.All, ForecastedBlockUnit.Kw, b.From.ToUniversalTime(), b.To.ToUniversalTime()))]), []);
    }

    private static CapacityForecastType? ReadType(Dictionary<string, JsonElement> fields, ProblemSink problems)
    {
        if (!fields.TryGetValue("type", out var value))
        {
            problems.Add("type", "is required");
            return null;
        }
        foreach (var (wire, type) in Types)
        {
            if (value.ValueKind == JsonValueKind.String && value.ValueEquals(wire)) return type;
        }
        problems.Add("type", $"must be one of {string.Join(", ", Types.Select(t => t.Wire))}");
        return null;
    }

    private static List<(int Index, DateTimeOffset From, DateTimeOffset To, double Kw)>? ReadBlocks(
        Dictionary<string, JsonElement> fields, DateTimeOffset now, ProblemSink problems)
    {
        if (!fields.TryGetValue("blocks", out var array))
        {
            problems.Add("blocks", "is required");
            return null;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add("blocks", "must be an array of {\"from\",\"to\",\"kw\"}");
            return null;
        }
        var count = array.GetArrayLength();
        if (count is 0 or > MaxBlocks) problems.Add("blocks", $"must hold 1 to {MaxBlocks} blocks (got {count})");

        var blocks = new List<(int Index, DateTimeOffset From, DateTimeOffset To, double Kw)>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = ApiJson.Index("blocks", index);
            if (item.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, "must be an object {\"from\",\"to\",\"kw\"}");
                index++;
                continue;
            }
            var before = problems.Count;
            var blockFields = ApiJson.Fields(item, path, BlockFields, "unknown field; a block is {\"from\",\"to\",\"kw\"} with kw in kW", problems);
            var from = ApiJson.RequiredTime(blockFields, "from", path, problems);
            var to = ApiJson.RequiredTime(blockFields, "to", path, problems);
            var kw = ApiJson.RequiredNonNegativeNumber(blockFields, "kw", "kW", path, problems);
            if (from is not null && to is not null && from >= to) problems.Add($"{path}.to", "must be later than from");
            if (to is not null && to <= now) problems.Add($"{path}.to", $"must be later than now ({Rfc3339.Format(now)})");
            if (problems.Count == before && from is not null && to is not null && kw is not null)
                blocks.Add((index, from.Value, to.Value, kw.Value));
            index++;
        }

        // Overlaps, whatever the order given: sorted by start, a block overlaps an earlier one if it starts before the
        // latest end seen so far.
        (int Index, DateTimeOffset To)? reach = null;
        foreach (var block in blocks.OrderBy(b => b.From).ThenBy(b => b.Index))
        {
            if (reach is { } r && block.From < r.To)
                problems.Add(ApiJson.Index("blocks", block.Index), $"overlaps {ApiJson.Index("blocks", r.Index)}");
            if (reach is null || block.To > reach.Value.To) reach = (block.Index, block.To);
        }
        return blocks;
    }
}

/// <summary>A valid capacity request: what <c>ISiteGrain.RequestCapacityAsync</c> gets.</summary>
/// <param name="Type">The forecast type.</param>
/// <param name="Blocks">Blocks in kW on all phases, UTC, sorted by start, not overlapping.</param>
public sealed record CapacityRequest(CapacityForecastType Type, IReadOnlyList<ForecastedBlock> Blocks);
