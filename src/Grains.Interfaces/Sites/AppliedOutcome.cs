namespace OscpFleet.Grains.Sites;

/// <summary>What a site made of the CSMS's "applied" confirmation.</summary>
[GenerateSerializer]
public enum AppliedOutcome
{
    /// <summary>Recorded (or already recorded): 204.</summary>
    Recorded = 0,

    /// <summary>No such site: 404.</summary>
    UnknownSite = 1,

    /// <summary>The site never issued that version: 404.</summary>
    UnknownVersion = 2,

    /// <summary>The site is served by another CSMS than the one the caller speaks for: 403, nothing recorded.</summary>
    OtherCsms = 3,
}
