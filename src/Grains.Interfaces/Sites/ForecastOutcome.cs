namespace OscpFleet.Grains.Sites;

/// <summary>What a site made of a capacity forecast; the gateway turns it into an HTTP status.</summary>
[GenerateSerializer]
public enum ForecastOutcome
{
    /// <summary>Merged and persisted: 204.</summary>
    Accepted = 0,

    /// <summary>The same X-Request-ID was seen before: 204, nothing changed.</summary>
    Duplicate = 1,

    /// <summary>No such site, or disabled: 404.</summary>
    UnknownSite = 2,

    /// <summary>The site is bound to another peer: 403.</summary>
    WrongPeer = 3,
}
