namespace OscpFleet.Grains.Sites;

/// <summary>What the site registry keeps of a site: enough to list and filter without calling it.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="PeerId">Its peer.</param>
/// <param name="State">Its listing state (<see cref="SiteStates"/>).</param>
/// <param name="Risks">
/// Its risks (<see cref="SiteRisks"/>) joined by commas in <see cref="SiteRisks.All"/> order; null when none. A string, so
/// two summaries compare equal by value and an unchanged one costs the registry nothing.
/// </param>
[GenerateSerializer, Immutable, Alias("OscpFleet.SiteSummary")]
public sealed record SiteSummary(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string PeerId,
    [property: Id(2)] string State,
    [property: Id(3)] string? Risks = null);
