namespace OscpFleet.Grains.Sites;

/// <summary>What a site made of one request's meter samples; the gateway turns it into an HTTP status.</summary>
/// <param name="Status">The verdict.</param>
/// <param name="Accepted">Samples added to the open period (persisted before this returned).</param>
/// <param name="Duplicates">Samples already held (same charger and time): counted once.</param>
/// <param name="Late">Samples whose period was already reported: their energy is carried forward by the next delta.</param>
[GenerateSerializer, Immutable, Alias("OscpFleet.MeterValuesOutcome")]
public sealed record MeterValuesOutcome(
    [property: Id(0)] MeterValuesStatus Status,
    [property: Id(1)] int Accepted = 0,
    [property: Id(2)] int Duplicates = 0,
    [property: Id(3)] int Late = 0);

/// <summary>The verdict on a batch of meter samples.</summary>
[GenerateSerializer]
public enum MeterValuesStatus
{
    /// <summary>Stored (or already held): 204.</summary>
    Accepted = 0,

    /// <summary>No such site, or disabled: 404; nothing stored.</summary>
    UnknownSite = 1,

    /// <summary>The site's sample buffer would overflow: 429, nothing stored; retry after the next period closes.</summary>
    BufferFull = 2,

    /// <summary>The site is served by another CSMS than the one the caller speaks for: 403, nothing stored.</summary>
    OtherCsms = 3,
}
