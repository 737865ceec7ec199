using System.Text.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OscpFleet.Oscp.Validation;

namespace OscpFleet.Gateway.OpenApi;

/// <summary>
/// OSCP bodies are snake_case on the wire (the protocol library reads them so), while the document's schemas follow the
/// API's camelCase: rename the properties of the protocol's wire types, and give each of their arrays the cap the OSCP
/// reader enforces (<see cref="OscpValidator.MaxArrayItems"/>).
/// </summary>
internal sealed class OscpWireSchemaTransformer : IOpenApiSchemaTransformer
{
    private const string WireNamespace = "OscpFleet.Oscp.Wire";

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        // Nested wire types (a forecast's blocks) may be inlined into their parent: rename the whole tree.
        if (context.JsonTypeInfo.Type.Namespace == WireNamespace) SnakeCase(schema);
        return Task.CompletedTask;
    }

    private static void SnakeCase(OpenApiSchema schema)
    {
        if (schema.Items is OpenApiSchema items) SnakeCase(items);
        if (schema.Properties is not { Count: > 0 } properties) return;
        var renamed = properties.ToList();
        properties.Clear();
        foreach (var (name, property) in renamed)
        {
            if (property is OpenApiSchema inline)
            {
                if (inline.Type is { } type && type.HasFlag(JsonSchemaType.Array)) inline.MaxItems = OscpValidator.MaxArrayItems;
                SnakeCase(inline);
            }
            properties[JsonNamingPolicy.SnakeCaseLower.ConvertName(name)] = property;
        }
        if (schema.Required is { Count: > 0 } required)
        {
            var names = required.ToList();
            required.Clear();
            foreach (var name in names) required.Add(JsonNamingPolicy.SnakeCaseLower.ConvertName(name));
        }
    }
}
