using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Limits;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>Sites, forecasts and limit documents as the tests write and read them.</summary>
public static class Sites
{
    /// <summary>A group id no other test uses.</summary>
    public static string NewGroupId() => $"SITE_{Guid.NewGuid():N}";

    /// <summary>A three-phase 230 V site of <see cref="SiteCluster.PeerId"/> with a constant base DOE.</summary>
    public static SiteDefinition Definition(double baseDoeKw = 100, double maxImportKw = 500) => new()
    {
        PeerId = SiteCluster.PeerId,
        AssetId = "asset-1",
        TimeZone = "Europe/Amsterdam",
        NominalVoltage = 230,
        Phases = 3,
        BaseDoe = [new BaseDoeEntry("00:00", baseDoeKw)],
        MaxImportKw = maxImportKw,
        Csms = SiteCluster.CsmsEndpoint,
    };

    /// <summary>A whole-site block in kW.</summary>
    public static ForecastedBlock Kw(double kw, DateTimeOffset from, DateTimeOffset to) => new(kw, PhaseIndicator.All, ForecastedBlockUnit.Kw, from, to);

    /// <summary>A forecast for <paramref name="groupId"/>.</summary>
    public static UpdateGroupCapacityForecast Forecast(string groupId, CapacityForecastType type, params ForecastedBlock[] blocks) =>
        new(groupId, type, blocks);

    /// <summary>The limit the document gives at <paramref name="t"/>; null when its schedule does not cover it.</summary>
    public static double? KwAt(LimitDocument document, DateTimeOffset t) =>
        document.Schedule.FirstOrDefault(i => i.From <= t && t < i.To)?.Kw;

    /// <summary>The whole minute at or before <paramref name="t"/>.</summary>
    public static DateTimeOffset Minute(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMinute), t.Offset);
}
