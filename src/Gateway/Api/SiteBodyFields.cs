using System.Text.Json;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// The field names a site body (<see cref="SiteRequest"/>), its chargers and its base DOE entries may carry, matched
/// ignoring case as the serializer matches them; anything else is named as a problem.
/// </summary>
public static class SiteBodyFields
{
    /// <summary>The reason given for an unknown field of a site.</summary>
    public const string UnknownSiteField = "unknown field; a site has groupId, peerId, assetId, timeZone, nominalVoltage, phases, baseDoe, maxImportKw, csms, chargers";
    /// <summary>The reason given for an unknown field of a charger.</summary>
    public const string UnknownChargerField = "unknown field; a charger has id, ratedKw";
    /// <summary>The reason given for an unknown field of a base DOE entry.</summary>
    public const string UnknownBaseDoeField = "unknown field; a base DOE entry has from, kw";

    private static readonly HashSet<string> Site = new(StringComparer.OrdinalIgnoreCase)
    {
        "groupId", "peerId", "assetId", "timeZone", "nominalVoltage", "phases", "baseDoe", "maxImportKw", "csms", "chargers",
    };

    private static readonly HashSet<string> Charger = new(StringComparer.OrdinalIgnoreCase) { "id", "ratedKw" };

    private static readonly HashSet<string> BaseDoe = new(StringComparer.OrdinalIgnoreCase) { "from", "kw" };

    /// <summary>Adds a problem for every unknown field of the site (or each import row), its chargers and base DOE entries.</summary>
    internal static void FindUnknown(JsonElement root, ProblemSink problems)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            FindInSite(root, "", problems);
            return;
        }
        var i = 0;
        foreach (var row in root.EnumerateArray()) FindInSite(row, ApiJson.Index("", i++), problems);
    }

    private static void FindInSite(JsonElement site, string path, ProblemSink problems)
    {
        if (site.ValueKind != JsonValueKind.Object) return;
        foreach (var property in site.EnumerateObject())
        {
            var at = ApiJson.Property(path, property.Name);
            if (!Site.Contains(property.Name)) problems.Add(at, UnknownSiteField);
            else if (property.Name.Equals("chargers", StringComparison.OrdinalIgnoreCase)) FindInItems(property.Value, at, Charger, UnknownChargerField, problems);
            else if (property.Name.Equals("baseDoe", StringComparison.OrdinalIgnoreCase)) FindInItems(property.Value, at, BaseDoe, UnknownBaseDoeField, problems);
        }
    }

    private static void FindInItems(JsonElement list, string path, HashSet<string> known, string reason, ProblemSink problems)
    {
        if (list.ValueKind != JsonValueKind.Array) return;
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var at = ApiJson.Index(path, i++);
            if (item.ValueKind != JsonValueKind.Object) continue;
            foreach (var property in item.EnumerateObject())
            {
                if (!known.Contains(property.Name)) problems.Add(ApiJson.Property(at, property.Name), reason);
            }
        }
    }
}
