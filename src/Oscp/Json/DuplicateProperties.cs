using System.Text.Json;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// Finds property names given more than once in one JSON object, at any depth. Such a body is ambiguous: readers
/// disagree on which copy counts (the JSON Schema evaluator over a <see cref="JsonDocument"/> sees one, a
/// System.Text.Json reader another), so a value one layer checked is not the value another layer acts on. Every body
/// we accept is checked with this before anything else reads it, and refused when a name repeats.
/// </summary>
/// <remarks>
/// One walk over the parsed tree rather than <c>JsonDocumentOptions.AllowDuplicateProperties = false</c> alone: that
/// option throws a <see cref="JsonException"/> without a path or position, and the serializer's option of the same
/// name only sees properties mapped to a member (an unknown name given twice passes). Names are compared after
/// unescaping (<c>"capacity"</c> and <c>"c\u0061pacity"</c> are the same name).
/// </remarks>
public static class DuplicateProperties
{
    /// <summary>The reason given at the path of a repeated name (the API's hand readers use the same words).</summary>
    public const string Reason = "appears twice in the object";

    /// <summary>
    /// The location of every repeated name, once per name and object, built with <paramref name="property"/> and
    /// <paramref name="index"/> from <paramref name="root"/>'s location; empty when no object repeats a name.
    /// </summary>
    /// <param name="element">The parsed body.</param>
    /// <param name="root">The location of <paramref name="element"/> itself.</param>
    /// <param name="property">The location of a property of an object at a location.</param>
    /// <param name="index">The location of an item of an array at a location.</param>
    /// <param name="names">How names are compared: ordinal, or ignoring case where the reader matches names so.</param>
    public static IReadOnlyList<TPath> Find<TPath>(
        JsonElement element, TPath root, Func<TPath, string, TPath> property, Func<TPath, int, TPath> index, IEqualityComparer<string> names)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(names);
        var found = new List<TPath>();
        Walk(element, root, property, index, names, found);
        return found;
    }

    /// <summary>
    /// Throws a <see cref="JsonException"/> naming the first repeated name by its JSONPath (<c>$.forecasted_blocks[0].capacity</c>);
    /// for readers that parse on their own (a converter's <see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/>).
    /// </summary>
    public static void ThrowIfAny(JsonElement element)
    {
        var found = Find(element, "$", static (parent, name) => $"{parent}.{name}", static (parent, i) => $"{parent}[{i}]", StringComparer.Ordinal);
        if (found.Count > 0)
        {
            throw new JsonException($"{found[0]}: {Reason}.", found[0], lineNumber: null, bytePositionInLine: null);
        }
    }

    private static void Walk<TPath>(
        JsonElement element, TPath path, Func<TPath, string, TPath> property, Func<TPath, int, TPath> index, IEqualityComparer<string> names, List<TPath> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                HashSet<string>? reported = null;
                var first = default(string);
                var count = 0;
                foreach (var member in element.EnumerateObject())
                {
                    var name = member.Name;
                    var at = property(path, name);

                    // Most objects are small: a set only from the second name on.
                    if (count++ == 0)
                    {
                        first = name;
                    }
                    else
                    {
                        seen ??= new HashSet<string>(names) { first! };
                        if (!seen.Add(name) && (reported ??= new HashSet<string>(names)).Add(name))
                        {
                            found.Add(at);
                        }
                    }

                    Walk(member.Value, at, property, index, names, found);
                }

                break;

            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, index(path, i++), property, index, names, found);
                }

                break;
        }
    }
}
