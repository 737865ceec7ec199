namespace OscpFleet.Grains.Sites;

/// <summary>The persisted entries of one registry shard.</summary>
public sealed class SiteIndexState
{
    /// <summary>Version of this shape.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Entries by group id.</summary>
    public Dictionary<string, SiteSummary> Sites { get; set; } = new(StringComparer.Ordinal);
}
