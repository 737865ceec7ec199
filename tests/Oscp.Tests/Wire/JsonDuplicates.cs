using System.Text;
using System.Text.Json;

namespace OscpFleet.Oscp.Tests.Wire;

/// <summary>
/// Writes a variant of a body in which one property is given twice (JsonNode cannot hold such a body). Paths are the
/// ones our errors show: <c>forecasted_blocks[0].capacity</c>, <c>group_id</c> at the top level.
/// </summary>
internal static class JsonDuplicates
{
    /// <summary>The path of every property of <paramref name="json"/>, at any depth, in document order.</summary>
    public static IReadOnlyList<string> PropertyPaths(string json)
    {
        using var document = JsonDocument.Parse(json);
        var paths = new List<string>();
        Visit(document.RootElement, "", (path, _) => paths.Add(path));
        return paths;
    }

    /// <summary>
    /// <paramref name="json"/> with the property at <paramref name="path"/> given a second time with the raw JSON
    /// <paramref name="copyJson"/> (null: the same value again), right after the first or at the end of its object.
    /// </summary>
    public static string Duplicate(string json, string path, string? copyJson = null, bool atEnd = false)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        var found = false;
        using (var writer = new Utf8JsonWriter(stream))
        {
            Write(document.RootElement, "", writer, path, copyJson, atEnd, ref found);
        }

        Assert.True(found, $"the body has no property '{path}' to give twice");
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static string Property(string parent, string name) => parent.Length == 0 ? name : $"{parent}.{name}";

    private static void Visit(JsonElement element, string path, Action<string, JsonProperty> onProperty)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                var at = Property(path, property.Name);
                onProperty(at, property);
                Visit(property.Value, at, onProperty);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                Visit(item, $"{path}[{i++}]", onProperty);
            }
        }
    }

    private static void Write(JsonElement element, string path, Utf8JsonWriter writer, string target, string? copyJson, bool atEnd, ref bool found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                JsonProperty? duplicated = null;
                foreach (var property in element.EnumerateObject())
                {
                    var at = Property(path, property.Name);
                    writer.WritePropertyName(property.Name);
                    Write(property.Value, at, writer, target, copyJson, atEnd, ref found);
                    if (at == target)
                    {
                        found = true;
                        duplicated = property;
                        if (!atEnd)
                        {
                            WriteCopy(writer, property, copyJson);
                        }
                    }
                }

                if (atEnd && duplicated is { } last)
                {
                    WriteCopy(writer, last, copyJson);
                }

                writer.WriteEndObject();
                break;

            case JsonValueKind.Array:
                writer.WriteStartArray();
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Write(item, $"{path}[{i++}]", writer, target, copyJson, atEnd, ref found);
                }

                writer.WriteEndArray();
                break;

            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static void WriteCopy(Utf8JsonWriter writer, JsonProperty property, string? copyJson)
    {
        writer.WritePropertyName(property.Name);
        if (copyJson is null)
        {
            property.Value.WriteTo(writer);
        }
        else
        {
            writer.WriteRawValue(copyJson);
        }
    }
}
