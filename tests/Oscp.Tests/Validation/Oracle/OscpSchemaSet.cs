using System.Text.Json;
using Json.Schema;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// The test oracle: our JSON Schemas (embedded in the product, <c>Schemas/*.json</c>, one per message plus
/// <c>common.json</c>), built once with JsonSchema.Net into a private registry, and evaluated with format assertion ON:
/// <c>date-time</c> is checked by <see cref="Rfc3339"/> and <c>uri</c> as an absolute <see cref="Uri"/>, the rules the
/// reader applies.
/// </summary>
internal static class OscpSchemaSet
{
    private const string ResourcePrefix = "OscpFleet.Oscp.Validation.Schemas.";

    private static readonly Dictionary<string, JsonElement> Documents = new(StringComparer.Ordinal);
    private static readonly Dictionary<OscpMessageKind, JsonSchema> Schemas = Load();

    /// <summary>List output (every failing node), formats asserted, date-time per RFC 3339 with a mandatory offset.</summary>
    public static EvaluationOptions EvaluationOptions { get; } = CreateEvaluationOptions();

    public static JsonSchema For(OscpMessageKind kind) => Schemas[kind];

    /// <summary>The raw text of a schema, e.g. <c>common</c> or <c>update_group_capacity_forecast</c> (for documentation and tests).</summary>
    public static string Text(string name)
    {
        using var stream = typeof(OscpValidator).Assembly.GetManifestResourceStream(ResourcePrefix + name + ".json")
            ?? throw new InvalidOperationException($"Embedded schema '{name}.json' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The subschema an evaluation node points at (<c>…/common.json#/$defs/forecasted_block</c>).</summary>
    public static bool TryResolve(Uri schemaLocation, out JsonElement subschema)
    {
        subschema = default;
        var document = schemaLocation.GetLeftPart(UriPartial.Query);
        if (!Documents.TryGetValue(document, out var root))
        {
            return false;
        }

        var fragment = Uri.UnescapeDataString(schemaLocation.Fragment);
        return JsonLocation.TryNavigate(root, fragment, out subschema);
    }

    private static Dictionary<OscpMessageKind, JsonSchema> Load()
    {
        var build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };

        // common.json first: every message schema $refs into it.
        Register("common", build);
        var schemas = new Dictionary<OscpMessageKind, JsonSchema>();
        foreach (var kind in OscpMessageKinds.All)
        {
            schemas[kind] = Register(kind.Path(), build);
        }

        return schemas;
    }

    private static JsonSchema Register(string name, BuildOptions build)
    {
        var root = JsonDocument.Parse(Text(name)).RootElement.Clone();
        var id = root.GetProperty("$id").GetString()
            ?? throw new InvalidOperationException($"Schema '{name}.json' has no $id.");
        Documents[id] = root;
        return JsonSchema.Build(root, build);
    }

    private static EvaluationOptions CreateEvaluationOptions()
    {
        var formats = new FormatRegistry();

        // The library's own date-time also takes '_' or ' ' as separator; the reader does not, so neither may the validator.
        formats.Register(new PredicateFormat(
            "date-time",
            element => element.ValueKind != JsonValueKind.String || Rfc3339.TryParse(element.GetString(), out _)));

        // "uri" is ours too: an absolute URI as System.Uri reads it (the library's own check differs in corner cases).
        formats.Register(new PredicateFormat(
            "uri",
            element => element.ValueKind != JsonValueKind.String || Uri.TryCreate(element.GetString(), UriKind.Absolute, out _)));
        return new EvaluationOptions
        {
            OutputFormat = OutputFormat.List,
            RequireFormatValidation = true,
            FormatRegistry = formats,
        };
    }
}
