using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The body of <c>PUT /api/v1/sites/{groupId}</c> (docs/endpoints.md, "Site body"), with the product's own entry types; null
/// members are left out.
/// </summary>
internal sealed record SiteRegistration(
    string PeerId,
    string AssetId,
    string TimeZone,
    int? NominalVoltage,
    int? Phases,
    IReadOnlyList<BaseDoeEntry> BaseDoe,
    double MaxImportKw,
    string Csms,
    IReadOnlyList<ChargerRating> Chargers)
{
    public static SiteRegistration Of(FleetSiteOptions site) => new(
        site.PeerId!,
        site.EffectiveAssetId,
        site.TimeZone,
        site.NominalVoltage,
        site.Phases,
        [new BaseDoeEntry("00:00", site.EffectiveBaseDoeKw)],
        site.EffectiveMaxImportKw,
        site.Csms,
        [.. site.Chargers.Select(c => new ChargerRating(c.Id!, c.RatedKw))]);
}
