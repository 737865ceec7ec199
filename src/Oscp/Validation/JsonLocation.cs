using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Turns locations inside a body into the paths our errors show: <c>forecasted_blocks[3].end_time</c>
/// (no leading <c>$.</c>), <c>body</c> for the body itself.
/// </summary>
internal static class JsonLocation
{
    public const string Body = "body";

    /// <summary>
    /// The location of everything in a quick pass that only asks "any problem at all?": a location under it is itself,
    /// so no path is built (the validator builds them in a second pass only when there is a problem to report).
    /// Recognised by reference; never shown.
    /// </summary>
    public static readonly string Unbuilt = new('?', 1);

    public static string Property(string parent, string name) =>
        ReferenceEquals(parent, Unbuilt) ? Unbuilt : parent == Body ? name : $"{parent}.{name}";

    public static string Index(string parent, int index) =>
        ReferenceEquals(parent, Unbuilt) ? Unbuilt : string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>A property of the body itself, or <see cref="Unbuilt"/> in a quick pass.</summary>
    public static string Root(bool quick, string name) => quick ? Unbuilt : name;

    /// <summary>
    /// Converts a JSON Pointer (<c>/forecasted_blocks/3/end_time</c>) into a path, walking the body so that
    /// a number is shown as an index only where the body has an array.
    /// </summary>
    public static string FromPointer(JsonElement body, string pointer)
    {
        var path = Body;
        JsonElement? current = body;
        foreach (var segment in Segments(pointer))
        {
            if (current is { ValueKind: JsonValueKind.Array } array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                path = Index(path, index);
                current = index < array.GetArrayLength() ? array[index] : null;
            }
            else
            {
                path = Property(path, segment);
                current = current is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(segment, out var child)
                    ? child
                    : null;
            }
        }

        return path;
    }

    /// <summary>The element a JSON Pointer names, if the body has it.</summary>
    public static bool TryNavigate(JsonElement root, string pointer, out JsonElement found)
    {
        found = root;
        foreach (var segment in Segments(pointer))
        {
            if (found.ValueKind == JsonValueKind.Array
                && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < found.GetArrayLength())
            {
                found = found[index];
            }
            else if (found.ValueKind == JsonValueKind.Object && found.TryGetProperty(segment, out var child))
            {
                found = child;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits and unescapes a JSON Pointer (RFC 6901: <c>~1</c> is <c>/</c>, <c>~0</c> is <c>~</c>).</summary>
    public static IEnumerable<string> Segments(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "#")
        {
            yield break;
        }

        var text = pointer.StartsWith('#') ? pointer[1..] : pointer;
        foreach (var raw in text.TrimStart('/').Split('/'))
        {
            var segment = new StringBuilder(raw).Replace("~1", "/").Replace("~0", "~").ToString();
            yield return segment;
        }
    }
}
