using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Api;

/// <summary>Listing from the registry, and bulk import.</summary>
public static partial class SitesEndpoints
{
    /// <summary>The page size of <c>GET /api/v1/sites</c> without <c>limit</c>.</summary>
    public const int DefaultPageSize = 100;

    /// <summary>The largest <c>limit</c> of <c>GET /api/v1/sites</c>.</summary>
    public const int MaxPageSize = 1000;
    private const string CsvHeader = "groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw";

    // limit is read as text: a value the framework cannot bind (99999999999, 1e3, abc) would get a 400 naming nothing.
    private static async Task<IResult> ListAsync(string? peerId, string? state, string? limit, string? cursor, IGrainFactory grains)
    {
        var errors = new List<string>();
        if (state is not null && !SiteStates.All.Contains(state)) errors.Add($"state: must be one of {string.Join(", ", SiteStates.All)}");
        int? pageSize = null;
        if (limit is not null)
        {
            if (int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) && parsed is >= 1 and <= MaxPageSize)
                pageSize = parsed;
            else
                errors.Add($"limit: must be between 1 and {MaxPageSize}");
        }
        string? after = null;
        if (cursor is not null && !TryDecodeCursor(cursor, out after)) errors.Add("cursor: is not a cursor this API returned");
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        var shards = await Task.WhenAll(SiteIndex.Shards.Select(s => grains.GetGrain<ISiteIndexGrain>(s).ListAsync(peerId, state)));
        var size = pageSize ?? DefaultPageSize;
        var ordered = shards.SelectMany(s => s)
            .Where(s => after is null || string.CompareOrdinal(s.GroupId, after) > 0)
            .OrderBy(s => s.GroupId, StringComparer.Ordinal)
            .Take(size + 1)
            .ToList();
        var page = ordered.Take(size).ToList();
        var next = ordered.Count > size ? EncodeCursor(page[^1].GroupId) : null;
        return Results.Ok(new { sites = page, nextCursor = next });
    }

    private static async Task<IResult> ImportAsync(HttpRequest http, IGrainFactory grains, IOptionsMonitor<OscpOptions> oscp, IOptionsMonitor<CsmsOptions> csms)
    {
        List<SiteRequest>? rows;
        IReadOnlyList<string> readErrors;
        if (http.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true)
        {
            // Read strictly: a decoder would quietly turn bytes that are not UTF-8 into U+FFFD and store them.
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (!System.Text.Unicode.Utf8.IsValid(bytes)) return ApiProblems.Invalid(["body: is not valid UTF-8 text"]);
            var (csvRows, error) = ParseCsv(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
            (rows, readErrors) = (csvRows, error is null ? [] : [error]);
        }
        else
        {
            (rows, readErrors) = await ReadJsonAsync(http, SiteRequestReader.ReadImport);
        }
        if (rows is null) return ApiProblems.Invalid(readErrors);
        if (rows.Count == 0) return ApiProblems.Invalid(["body: at least one site is required"]);

        // Every row is checked before anything is written: one bad row and nothing changes.
        var errors = new List<string>();
        var definitions = new List<(string GroupId, SiteDefinition Definition)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            var groupId = rows[i].GroupId ?? "";
            if (groupId.Length > 0 && !seen.Add(groupId)) errors.Add($"[{i}].groupId: '{groupId}' appears twice in the import");
            var (definition, problems) = SiteRequestValidation.Validate(rows[i], groupId, $"[{i}].", oscp.CurrentValue, csms.CurrentValue);
            errors.AddRange(problems);
            if (definition is not null) definitions.Add((groupId, definition));
        }
        if (errors.Count > 0) return ApiProblems.Invalid(errors);

        var results = await Task.WhenAll(definitions.Select(d => grains.GetGrain<ISiteGrain>(d.GroupId).UpsertAsync(d.Definition)));
        return Results.Ok(new { imported = results.Length, created = results.Count(r => r.Created), updated = results.Count(r => !r.Created) });
    }

    internal static (List<SiteRequest>? Rows, string? Error) ParseCsv(string text)
    {
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        if (lines.Count > 0 && lines[0].Equals(CsvHeader, StringComparison.OrdinalIgnoreCase)) lines.RemoveAt(0);
        var rows = new List<SiteRequest>();
        for (var i = 0; i < lines.Count; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 7 || lines[i].Contains('"', StringComparison.Ordinal))
                return (null, $"[{i}]: expected 7 unquoted columns {CsvHeader}");
            rows.Add(new SiteRequest
            {
                GroupId = cells[0].Trim(), PeerId = cells[1].Trim(), AssetId = cells[2].Trim(), TimeZone = cells[3].Trim(),
                MaxImportKw = Number(cells[4]), Csms = cells[5].Trim(), BaseDoe = [new BaseDoeRequest("00:00", Number(cells[6]))],
            });
        }
        return (rows, null);
    }

    private static double? Number(string cell) =>
        double.TryParse(cell.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string EncodeCursor(string groupId) => Convert.ToBase64String(Encoding.UTF8.GetBytes(groupId)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeCursor(string cursor, out string? groupId)
    {
        groupId = null;
        var padded = cursor.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - (padded.Length % 4)) % 4);
        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written)) return false;
        groupId = Encoding.UTF8.GetString(buffer, 0, written);
        return Identifiers.IsValidGroupId(groupId);
    }
}
