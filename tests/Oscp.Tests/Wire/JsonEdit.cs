using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OscpFleet.Oscp.Tests.Wire;

/// <summary>Makes a variant of an example body by removing or replacing one value named by a path like <c>forecasted_blocks[0].unit</c>.</summary>
internal static partial class JsonEdit
{
    [GeneratedRegex(@"([^.\[\]]+)|\[(\d+)\]")]
    private static partial Regex Segment();

    public static string Remove(string json, string path)
    {
        var root = JsonNode.Parse(json)!;
        var (parent, last) = Parent(root, path);
        Assert.True(parent.AsObject().Remove(last), $"the example has no '{path}' to remove");
        return root.ToJsonString();
    }

    /// <summary>Replaces the value at <paramref name="path"/> (adding the property if absent) with the raw JSON <paramref name="valueJson"/>.</summary>
    public static string SetRaw(string json, string path, string valueJson)
    {
        var root = JsonNode.Parse(json)!;
        var (parent, last) = Parent(root, path);
        var value = JsonNode.Parse(valueJson);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent.AsObject()[last] = value;
        }

        return root.ToJsonString();
    }

    /// <summary>Replaces the value at <paramref name="path"/> with <paramref name="value"/> as JSON (a C# string becomes a JSON string).</summary>
    public static string Set(string json, string path, object? value) => SetRaw(json, path, JsonSerializer.Serialize(value));

    private static (JsonNode Parent, string Last) Parent(JsonNode root, string path)
    {
        var segments = Segment().Matches(path).Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value).ToArray();
        var node = root;
        foreach (var segment in segments[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(segment, CultureInfo.InvariantCulture)]! : node[segment]!;
        }

        return (node, segments[^1]);
    }
}
