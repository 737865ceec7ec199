using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Gateway.Api;

/// <summary>Checks a site body completely and names every problem with its path (<c>baseDoe[1].from: must be HH:mm</c>).</summary>
public static class SiteRequestValidation
{
    /// <summary>The largest power the limit rules share out (PowerSplit.MaxKw in src/Oscp/Limits); above it the site grain throws.</summary>
    private const double MaxKw = 1e9;

    /// <summary>The range of a site's contract maximum and of a charger's rated power: what the limit rules can share out.</summary>
    private static readonly string KwRange = $"must be > 0 and <= {ApiJson.Number(MaxKw)} (kW)";

    /// <summary>The definition when valid; otherwise every problem, each prefixed with <paramref name="prefix"/> (an import row).</summary>
    public static (SiteDefinition? Definition, IReadOnlyList<string> Errors) Validate(
        SiteRequest request, string groupId, string prefix, OscpOptions oscp, CsmsOptions csms)
    {
        var errors = new List<string>();
        void Add(string path, string reason) => errors.Add($"{prefix}{path}: {reason}");

        if (!Identifiers.IsValidGroupId(groupId)) Add("groupId", ApiJson.GroupIdRule);
        if (string.IsNullOrWhiteSpace(request.PeerId)) Add("peerId", "is required");
        else if (!oscp.Peers.ContainsKey(request.PeerId)) Add("peerId", $"no peer '{request.PeerId}' is configured");
        if (string.IsNullOrWhiteSpace(request.AssetId)) Add("assetId", "is required");
        else if (request.AssetId.Length > 64 || request.AssetId.Any(char.IsWhiteSpace)) Add("assetId", "must be 1-64 characters without spaces");
        if (request.NominalVoltage is <= 0 or > 1000) Add("nominalVoltage", "must be > 0 and <= 1000");
        if (request.Phases is not (null or 1 or 3)) Add("phases", "must be 1 or 3");
        if (request.MaxImportKw is null) Add("maxImportKw", "is required");
        else if (request.MaxImportKw.Value is not (> 0 and <= MaxKw)) Add("maxImportKw", KwRange);
        if (string.IsNullOrWhiteSpace(request.Csms)) Add("csms", "is required");
        else if (!csms.Endpoints.ContainsKey(request.Csms)) Add("csms", $"no CSMS endpoint '{request.Csms}' is configured");

        var baseDoe = (request.BaseDoe ?? []).Select(e => new BaseDoeEntry(e.From ?? "", e.Kw ?? double.NaN)).ToList();
        foreach (var problem in BaseDoeProfile.Validate(request.BaseDoe?.Select(e => e is null ? null : new BaseDoeEntry(e.From ?? "", e.Kw ?? double.NaN)).ToList(), request.TimeZone))
            errors.Add(prefix + problem);

        var chargers = request.Chargers ?? [];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < chargers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(chargers[i].Id)) Add($"chargers[{i}].id", "is required");
            else if (!ids.Add(chargers[i].Id!)) Add($"chargers[{i}].id", $"'{chargers[i].Id}' appears twice");
            if (chargers[i].RatedKw is not (> 0 and <= MaxKw)) Add($"chargers[{i}].ratedKw", KwRange);
        }

        if (errors.Count > 0) return (null, errors);
        return (new SiteDefinition
        {
            PeerId = request.PeerId!,
            AssetId = request.AssetId!,
            TimeZone = request.TimeZone!,
            NominalVoltage = request.NominalVoltage ?? 230,
            Phases = request.Phases ?? 3,
            BaseDoe = baseDoe,
            MaxImportKw = request.MaxImportKw!.Value,
            Csms = request.Csms!,
            Chargers = [.. chargers.Select(c => new ChargerDefinition(c.Id!, c.RatedKw!.Value))],
        }, errors);
    }
}
