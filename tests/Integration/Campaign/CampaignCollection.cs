namespace OscpFleet.Integration.Campaign;

/// <summary>The matrix and the hostile-input campaign attack one deployment (started once).</summary>
[CollectionDefinition(Name)]
public sealed class CampaignCollection : ICollectionFixture<CampaignFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "campaign";
}
