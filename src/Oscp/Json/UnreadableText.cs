using System.Text.Json;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// Finds strings and property names that parse but cannot be read as text: bytes that are not valid UTF-8, or an
/// escaped lone surrogate (<c>"\ud800"</c>). <see cref="JsonDocument"/> accepts both while scanning and only fails
/// when the string is read, so every body we accept is checked with this right after it is parsed, before anything
/// (the duplicate-name check included) reads a name or a value.
/// </summary>
public static class UnreadableText
{
    /// <summary>The reason given at the path of a string value that cannot be read.</summary>
    public const string ValueReason = "is not valid UTF-8 text (or holds a lone surrogate)";

    /// <summary>The reason given at the path of an object one of whose property names cannot be read.</summary>
    public const string NameReason = "holds a property name that is not valid UTF-8 text (or holds a lone surrogate)";

    /// <summary>
    /// The location and reason of every unreadable string or name, built with <paramref name="property"/> and
    /// <paramref name="index"/> from <paramref name="root"/>'s location; empty when every string reads.
    /// </summary>
    /// <param name="element">The parsed body.</param>
    /// <param name="root">The location of <paramref name="element"/> itself.</param>
    /// <param name="property">The location of a property of an object at a location.</param>
    /// <param name="index">The location of an item of an array at a location.</param>
    public static IReadOnlyList<(TPath Path, string Reason)> Find<TPath>(
        JsonElement element, TPath root, Func<TPath, string, TPath> property, Func<TPath, int, TPath> index)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(index);
        var found = new List<(TPath, string)>();
        Walk(element, root, property, index, found);
        return found;
    }

    private static void Walk<TPath>(
        JsonElement element, TPath path, Func<TPath, string, TPath> property, Func<TPath, int, TPath> index, List<(TPath, string)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var badName = false;
                foreach (var member in element.EnumerateObject())
                {
                    if (TryRead(() => member.Name) is { } name)
                    {
                        Walk(member.Value, property(path, name), property, index, found);
                    }
                    else if (!badName)
                    {
                        badName = true;
                        found.Add((path, NameReason));
                    }
                }

                break;

            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, index(path, i++), property, index, found);
                }

                break;

            case JsonValueKind.String:
                if (TryRead(element.GetString) is null)
                {
                    found.Add((path, ValueReason));
                }

                break;
        }
    }

    private static string? TryRead(Func<string?> read)
    {
        try
        {
            return read() ?? "";
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
