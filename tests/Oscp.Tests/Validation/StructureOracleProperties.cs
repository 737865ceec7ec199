using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// The fast structure check (<c>OscpStructure</c>, no schema evaluated per request) accepts and refuses exactly what our
/// JSON Schemas do, with the same paths and reasons: bodies of every kind are generated <b>from the schemas</b>
/// (following <c>$ref</c>, <c>properties</c>, <c>required</c>, <c>items</c>, <c>enum</c>, <c>type</c>, <c>format</c>),
/// each value either drawn to fit its subschema or replaced by a hostile one (other types, negative, fractional, huge
/// and infinite numbers, numeric and non-numeric strings, bad times and URIs, empty arrays, nesting), required
/// properties sometimes dropped and unknown ones added; the product's validator and the schema oracle must give the same
/// problem list for every one.
/// </summary>
public sealed class StructureOracleProperties
{
    private static readonly string[] HostileJson =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "0.5", "-0.5", "1.0", "2.50", "1e3", "1E-3", "-1e-400", "1e30", "-1e30",
        "1e400", "-1e400", "79228162514264337593543950336", "123456789012345678901234567890.5",
        "\"\"", "\" \"", "\"x\"", "\"12\"", "\"-3\"", "\"1.5e3\"", "\"1.5\\n\"", "\"+1\"", "\".5\"", "\"NaN\"", "\"Infinity\"",
        "\"2026-11-26T12:00:00Z\"", "\"2026-11-26T12:00:00+13:00\"", "\"2026-11-26T12:00:00\"", "\"2026-11-26 12:00:00Z\"",
        "\"2026-02-30T12:00:00Z\"", "\"https://cp.example/oscp\"", "\"/relative\"", "\"not a uri\"", "\"CONSUMPTION\"", "\"ALL\"",
        "\"KW\"", "\"consumption\"", "{}", "[]", "[1]", "[{}]", "{\"a\":1}", "[[]]",
    ];

    private static readonly string[] Times =
    [
        "2026-11-26T12:00:00Z", "2026-11-26T12:15:00Z", "2026-11-26T12:30:00.250Z", "2026-11-27T01:15:00+13:00",
        "2026-11-26T11:45:00-00:30", "2026-11-26T12:00:00", "2026-13-01T00:00:00Z", "yesterday",
    ];

    private static readonly string[] Uris = ["https://cp.example/oscp/cp/2.0", "http://127.0.0.1:8080/", "cp.example/oscp", "", "urn:x"];

    public static TheoryData<OscpMessageKind> Kinds()
    {
        var data = new TheoryData<OscpMessageKind>();
        foreach (var kind in OscpMessageKinds.All) data.Add(kind);
        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_structure_check_gives_the_schemas_problems_for_any_body(OscpMessageKind kind)
    {
        var refused = 0;
        var accepted = 0;
        Gen.Select(Gen.Int, Gen.Bool).Sample((seed, vector) =>
        {
            var random = new Random(seed);
            var schema = Resolve(Document(kind.Path()), kind.Path());
            // A third of the bodies are drawn to fit (no hostile values, required properties kept), so valid ones are common too.
            var clean = random.Next(3) == 0;
            var body = Generate(schema.Element, schema.Document, random, clean, depth: 0)?.ToJsonString() ?? "null";
            var profile = vector ? PeerProfile.Vector : PeerProfile.Oscp;
            using var document = JsonDocument.Parse(body);

            var expected = SchemaOracle.Validate(kind, document.RootElement, profile);
            var actual = OscpValidator.Validate(kind, document.RootElement, profile);

            Assert.True(expected.Errors.SequenceEqual(actual.Errors), $"{body}\n  schemas: {expected}\n  product: {actual}");
            if (actual.IsValid) Interlocked.Increment(ref accepted);
            else Interlocked.Increment(ref refused);
        }, iter: 2_000);

        // The generator reaches both sides: the comparison is not only over refusals (or only over valid bodies).
        Assert.True(accepted > 20, $"only {accepted} of the generated bodies were valid");
        Assert.True(refused > 200, $"only {refused} of the generated bodies were refused");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_quick_pass_answers_as_the_full_pass_with_paths(OscpMessageKind kind)
    {
        var refused = 0;
        var accepted = 0;
        Gen.Select(Gen.Int, Gen.Bool).Sample((seed, vector) =>
        {
            var random = new Random(seed);
            var schema = Resolve(Document(kind.Path()), kind.Path());
            var clean = random.Next(3) == 0;
            var body = Generate(schema.Element, schema.Document, random, clean, depth: 0)?.ToJsonString() ?? "null";
            var profile = vector ? PeerProfile.Vector : PeerProfile.Oscp;
            using var document = JsonDocument.Parse(body);

            // Validate answers a clean body from its quick pass (no paths built) and reruns the checks with paths
            // otherwise; the full pass alone must give exactly the same answer.
            var full = OscpValidator.ValidateWithPaths(kind, document.RootElement, profile);
            var actual = OscpValidator.Validate(kind, document.RootElement, profile);

            Assert.True(full.Errors.SequenceEqual(actual.Errors), $"{body}\n  full pass: {full}\n  with the quick pass: {actual}");
            if (actual.IsValid) Interlocked.Increment(ref accepted);
            else Interlocked.Increment(ref refused);
        }, iter: 2_000);

        Assert.True(accepted > 20, $"only {accepted} of the generated bodies were valid");
        Assert.True(refused > 200, $"only {refused} of the generated bodies were refused");
    }

    [Fact]
    public void The_forecast_fast_path_answers_only_bodies_the_schemas_accept_and_reads_them_as_the_typed_reader()
    {
        var answered = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var kind = OscpMessageKind.UpdateGroupCapacityForecast;
            var schema = Resolve(Document(kind.Path()), kind.Path());
            var body = Generate(schema.Element, schema.Document, random, clean: random.Next(2) == 0, depth: 0)?.ToJsonString() ?? "null";
            if (!ForecastFastPath.TryRead(System.Text.Encoding.UTF8.GetBytes(body), out var fast)) return;

            Interlocked.Increment(ref answered);
            using var document = JsonDocument.Parse(body);
            foreach (var profile in new[] { PeerProfile.Vector, PeerProfile.Oscp })
            {
                var expected = SchemaOracle.Validate(kind, document.RootElement, profile);
                Assert.True(expected.IsValid, $"{body}\n  schemas: {expected}");
                Assert.True(OscpValidator.ValidateWithPaths(kind, document.RootElement, profile).IsValid, body);
            }

            var typed = OscpJson.Deserialize<UpdateGroupCapacityForecast>(document.RootElement);
            Assert.Equal((typed.GroupId, typed.Type), (fast.GroupId, fast.Type));
            Assert.Equal(typed.ForecastedBlocks, fast.ForecastedBlocks);
        }, iter: 5_000);

        // Bodies drawn from the schemas are mostly refused or unusual; some still reach the fast path.
        Assert.True(answered > 10, $"the fast path answered only {answered} generated bodies");
    }

    [Theory]
    [InlineData("capacity_forecast_type")]
    [InlineData("phase_indicator")]
    [InlineData("forecasted_block_unit")]
    [InlineData("energy_measurement_unit")]
    [InlineData("instantaneous_measurement_unit")]
    [InlineData("energy_flow_direction")]
    [InlineData("energy_type")]
    [InlineData("measurement_configuration")]
    [InlineData("asset_category")]
    public void The_structure_allows_exactly_the_schema_enum_values(string definition)
    {
        using var common = JsonDocument.Parse(OscpSchemaSet.Text("common"));
        var values = common.RootElement.GetProperty("$defs").GetProperty(definition).GetProperty("enum").EnumerateArray().Select(v => v.GetString()!);

        Assert.Equal(values, OscpStructure.EnumValues(definition));
    }

    private static readonly Dictionary<string, JsonElement> Documents = new(StringComparer.Ordinal);

    private static JsonElement Document(string name)
    {
        lock (Documents)
        {
            if (!Documents.TryGetValue(name, out var root))
            {
                root = JsonDocument.Parse(OscpSchemaSet.Text(name)).RootElement.Clone();
                Documents[name] = root;
            }

            return root;
        }
    }

    /// <summary>Follows <c>$ref</c> (<c>common.json#/$defs/x</c> or <c>#/$defs/x</c>) to the subschema.</summary>
    private static (JsonElement Element, string Document) Resolve(JsonElement schema, string document)
    {
        while (schema.TryGetProperty("$ref", out var reference))
        {
            var text = reference.GetString()!;
            var hash = text.IndexOf('#', StringComparison.Ordinal);
            if (hash > 0) document = text[..hash].Replace(".json", "", StringComparison.Ordinal);
            var root = Document(document);
            Assert.True(JsonLocation.TryNavigate(root, text[hash..], out schema), text);
        }

        return (schema, document);
    }

    private static JsonNode? Generate(JsonElement schema, string document, Random random, bool clean, int depth)
    {
        (schema, document) = Resolve(schema, document);
        if (!clean && (random.NextDouble() < 0.06 || depth > 6))
        {
            return JsonNode.Parse(HostileJson[random.Next(HostileJson.Length)]);
        }

        if (schema.TryGetProperty("enum", out var values))
        {
            var all = values.EnumerateArray().ToArray();
            return clean || random.NextDouble() < 0.9 ? JsonValue.Create(all[random.Next(all.Length)].GetString()) : JsonValue.Create("NOT_" + all[0].GetString());
        }

        var types = schema.TryGetProperty("type", out var type)
            ? type.ValueKind == JsonValueKind.Array ? [.. type.EnumerateArray().Select(t => t.GetString()!)] : new[] { type.GetString()! }
            : ["object"];
        var chosen = types[random.Next(types.Length)];
        switch (chosen)
        {
            case "object":
                var result = new JsonObject();
                var required = schema.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()!).ToHashSet() : [];
                if (schema.TryGetProperty("properties", out var properties))
                {
                    foreach (var property in properties.EnumerateObject())
                    {
                        var keep = required.Contains(property.Name) ? clean ? 1 : 0.96 : 0.6;
                        if (random.NextDouble() < keep) result[property.Name] = Generate(property.Value, document, random, clean, depth + 1);
                    }
                }

                if (!clean && random.NextDouble() < 0.1) result["x_extra"] = JsonNode.Parse(HostileJson[random.Next(HostileJson.Length)]);
                return result;
            case "array":
                var array = new JsonArray();
                var count = !clean && random.NextDouble() < 0.08 ? 0 : random.Next(1, clean ? 3 : 4);
                for (var i = 0; i < count; i++) array.Add(Generate(schema.GetProperty("items"), document, random, clean, depth + 1));
                return array;
            case "integer":
                return (clean ? 1 : random.Next(4)) switch
                {
                    0 => JsonValue.Create(random.Next(-2, 3)),
                    1 => JsonValue.Create(random.Next(1, 120)),
                    2 => JsonNode.Parse("2.0"),
                    _ => JsonValue.Create(random.Next(1, 100) + 0.5),
                };
            case "number":
                return random.Next(clean ? 2 : 3) switch
                {
                    0 => JsonValue.Create(Math.Round(random.NextDouble() * 500, 3)),
                    1 => JsonValue.Create(random.Next(0, 1000)),
                    _ => JsonValue.Create(-Math.Round(random.NextDouble() * 10, 2)),
                };
            default:
                var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
                if (format == "date-time") return JsonValue.Create(Times[random.Next(clean ? 5 : Times.Length)]);
                if (format == "uri") return JsonValue.Create(Uris[random.Next(clean ? 2 : Uris.Length)]);
                if (schema.TryGetProperty("pattern", out _))
                {
                    // A number as text, sometimes not one.
                    return JsonValue.Create(random.Next(clean ? 2 : 5) switch
                    {
                        0 => random.Next(0, 500).ToString(CultureInfo.InvariantCulture),
                        1 => (random.NextDouble() * 100).ToString("0.###", CultureInfo.InvariantCulture),
                        2 => "-" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
                        3 => "1.5e2",
                        _ => "12 kW",
                    });
                }

                return JsonValue.Create(!clean && random.Next(6) == 0 ? "" : "G-" + random.Next(1000).ToString(CultureInfo.InvariantCulture));
        }
    }
}
