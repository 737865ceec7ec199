using System.Text.Json;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Reads the site bodies (<c>PUT /api/v1/sites/{groupId}</c>: one object; <c>POST /api/v1/sites:import</c>: an array of
/// them) into <see cref="SiteRequest"/>s. Pure: body bytes in, the request or every problem out. A property name given
/// twice in one object, at any depth, is refused before the body is read (<c>[1].chargers[0].ratedKw: appears twice in
/// the object</c>): the serializer would silently keep one of the copies. Names are matched ignoring case, as the
/// serializer matches them (<c>maxImportKw</c> and <c>MaxImportKw</c> are the same field).
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

        try
        {
            return (document.RootElement.Deserialize<T>(Options) ?? throw new JsonException("the body is null"), []);
        }
        catch (JsonException e)
        {
            return (null, [$"{(string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "body" : e.Path.TrimStart('$', '.'))}: is not valid JSON of the expected shape"]);
        }
    }
}
