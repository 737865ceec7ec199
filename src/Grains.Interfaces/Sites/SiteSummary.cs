namespace OscpFleet.Grains.Sites;

/// <summary>What the site registry keeps of a site: enough to list and filter without calling it.</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.SiteSummary")]
public sealed record SiteSummary(
    [property: Id(0)] string GroupId,
    [property: Id(1)] string PeerId,
    [property: Id(2)] string State);
