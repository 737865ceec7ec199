using System.Text.Json;
using Json.Schema;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Validation;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// Turns JsonSchema.Net's evaluation output into our <c>path: reason</c> problems. The library's messages
/// are generic ("Value should match one of the values specified by the enum"), so each reason is rebuilt
/// from the failing keyword and the subschema it sits in (the enum's values, the minimum, …).
/// </summary>
internal static class SchemaErrorTranslator
{
    public static void Translate(EvaluationResults results, JsonElement body, ProblemList problems)
    {
        foreach (var node in Flatten(results))
        {
            if (node.IsValid || node.Errors is null)
            {
                continue;
            }

            var pointer = node.InstanceLocation.ToString();
            var path = JsonLocation.FromPointer(body, pointer);
            JsonLocation.TryNavigate(body, pointer, out var instance);
            var hasSubschema = OscpSchemaSet.TryResolve(node.SchemaLocation, out var subschema);

            foreach (var (keyword, libraryMessage) in node.Errors)
            {
                if (keyword == "required" && hasSubschema)
                {
                    foreach (var missing in MissingProperties(subschema, instance))
                    {
                        problems.Add(JsonLocation.Property(path, missing), "is required");
                    }

                    continue;
                }

                var reason = hasSubschema ? Reason(keyword, subschema) : null;
                problems.Add(path, reason ?? libraryMessage);
            }
        }
    }

    private static IEnumerable<EvaluationResults> Flatten(EvaluationResults node)
    {
        yield return node;
        foreach (var child in node.Details ?? [])
        {
            foreach (var descendant in Flatten(child))
            {
                yield return descendant;
            }
        }
    }

    private static IEnumerable<string> MissingProperties(JsonElement subschema, JsonElement instance)
    {
        if (!subschema.TryGetProperty("required", out var required) || instance.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        foreach (var name in required.EnumerateArray())
        {
            var property = name.GetString()!;
            if (!instance.TryGetProperty(property, out _))
            {
                yield return property;
            }
        }
    }

    private static string? Reason(string keyword, JsonElement subschema)
    {
        string? Custom() => subschema.TryGetProperty("x-reason", out var custom) ? custom.GetString() : null;
        string Number(string name) => subschema.GetProperty(name).GetRawText();

        return keyword switch
        {
            "type" => Custom() ?? "must be " + TypeNames(subschema.GetProperty("type")),
            "pattern" => Custom() ?? "has an invalid format",
            "enum" => "must be one of " + string.Join(", ", subschema.GetProperty("enum").EnumerateArray().Select(Show)),
            "const" => "must be " + Show(subschema.GetProperty("const")),
            "minimum" => $"must be >= {Number("minimum")}",
            "exclusiveMinimum" => $"must be > {Number("exclusiveMinimum")}",
            "maximum" => $"must be <= {Number("maximum")}",
            "exclusiveMaximum" => $"must be < {Number("exclusiveMaximum")}",
            "minItems" => Count(subschema, "minItems") == 1 ? "must not be empty" : $"must have at least {Number("minItems")} items",
            "maxItems" => $"must have at most {Number("maxItems")} items",
            "minLength" => Count(subschema, "minLength") == 1 ? "must not be empty" : $"must be at least {Number("minLength")} characters",
            "maxLength" => $"must be at most {Number("maxLength")} characters",
            "format" => subschema.GetProperty("format").GetString() switch
            {
                "date-time" => Rfc3339.Requirement,
                "uri" => "must be an absolute URI",
                var other => $"must be a valid {other}",
            },
            _ => null,
        };
    }

    private static int Count(JsonElement subschema, string keyword) =>
        subschema.TryGetProperty(keyword, out var value) && value.TryGetInt32(out var count) ? count : -1;

    private static string TypeNames(JsonElement type)
    {
        static string Article(string name) => name switch
        {
            "object" or "array" or "integer" => "an " + name,
            "null" => "null",
            _ => "a " + name,
        };

        return type.ValueKind == JsonValueKind.Array
            ? string.Join(" or ", type.EnumerateArray().Select(t => Article(t.GetString()!)))
            : Article(type.GetString()!);
    }

    private static string Show(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
