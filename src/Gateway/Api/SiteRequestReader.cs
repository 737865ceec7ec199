using System.Text.Json;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Reads the site bodies (<c>PUT /api/v1/sites/{groupId}</c>: one object; <c>POST /api/v1/sites:import</c>: an array of
/// them) into <see cref="SiteRequest"/>s. Pure: body bytes in, the request or every problem out. A property name given
/// twice in one object, at any depth, is refused before the body is read (<c>[1].chargers[0].ratedKw: appears twice in
/// the object</c>): the serializer would silently keep one of the copies. Names are matched ignoring case, as the
/// serializer matches them (<c>maxImportKw</c> and <c>MaxImportKw</c> are the same field). A name the body does not
/// define, in a site, a charger or a base DOE entry, is refused naming it (<c>nominalVolts: unknown field; …</c>): ignored,
/// a misspelt optional field would silently take its default.
/// </summary>
public static class SiteRequestReader
{
    /// <summary>Web defaults (camelCase, names matched ignoring case); a repeated name also fails the serializer itself.</summary>
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { AllowDuplicateProperties = false };

    /// <summary>The body of <c>PUT /api/v1/sites/{groupId}</c>.</summary>
    public static (SiteRequest? Site, IReadOnlyList<string> Errors) ReadSite(ReadOnlyMemory<byte> body) =>
        Read<SiteRequest>(body, "a JSON object");

    /// <summary>The JSON body of <c>POST /api/v1/sites:import</c>.</summary>
    public static (List<SiteRequest>? Rows, IReadOnlyList<string> Errors) ReadImport(ReadOnlyMemory<byte> body) =>
        Read<List<SiteRequest>>(body, "a JSON array of sites");

    private static (T? Value, IReadOnlyList<string> Errors) Read<T>(ReadOnlyMemory<byte> body, string expected)
        where T : class
    {
        var problems = new ProblemSink();
        using var document = ApiJson.Parse(body, problems, expected);
        if (document is null) return (null, problems.ToList());

        foreach (var path in DuplicateProperties.Find(document.RootElement, "", ApiJson.Property, ApiJson.Index, StringComparer.OrdinalIgnoreCase))
            problems.Add(path, DuplicateProperties.Reason);
        if (problems.Count > 0) return (null, problems.ToList());
        FindNullItems(document.RootElement, problems);
        if (problems.Count > 0) return (null, problems.ToList());
        SiteBodyFields.FindUnknown(document.RootElement, problems);
        if (problems.Count > 0) return (null, problems.ToList());

        try
        {
            return (document.RootElement.Deserialize<T>(Options) ?? throw new JsonException("the body is null"), []);
        }
        catch (JsonException e)
        {
            return (null, [$"{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'))}: is not valid JSON of the expected shape"]);
        }
    }

    /// <summary>
    /// A <c>null</c> where a site (an import row), a charger or a base DOE entry belongs: the serializer would hand the
    /// validation a null item, so it is refused here, named by its path (<c>[2].chargers[0]: must be an object</c>).
    /// </summary>
    private static void FindNullItems(JsonElement root, ProblemSink problems)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            FindNullItems(root, "", problems);
            return;
        }
        var i = 0;
        foreach (var row in root.EnumerateArray())
        {
            var at = ApiJson.Index("", i++);
            if (row.ValueKind == JsonValueKind.Null) problems.Add(at, MustBeObject);
            else FindNullItems(row, at, problems);
        }
    }

    private static void FindNullItems(JsonElement site, string path, ProblemSink problems)
    {
        if (site.ValueKind != JsonValueKind.Object) return;
        foreach (var list in site.EnumerateObject())
        {
            if (list.Value.ValueKind != JsonValueKind.Array || !ItemLists.Contains(list.Name)) continue;
            var i = 0;
            foreach (var item in list.Value.EnumerateArray())
            {
                var at = ApiJson.Index(ApiJson.Property(path, list.Name), i++);
                if (item.ValueKind == JsonValueKind.Null) problems.Add(at, MustBeObject);
            }
        }
    }

    private const string MustBeObject = "must be an object";

    /// <summary>The lists of objects in a site body, matched ignoring case as the serializer matches them.</summary>
    private static readonly HashSet<string> ItemLists = new(StringComparer.OrdinalIgnoreCase) { "chargers", "baseDoe" };
}
