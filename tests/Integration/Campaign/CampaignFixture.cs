using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Integration.Doe;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// <see cref="Testing.CampaignCluster"/> with its sites: two real sites (one per peer, one with a forecast in force)
/// that no campaign request may change, and three campaign sites the hostile requests aim at. Snapshots the real sites
/// once, so each test can show they are unchanged.
/// </summary>
public sealed class CampaignFixture : Testing.CampaignCluster, IAsyncLifetime
{
    /// <summary>Real sites: never named by a campaign request, and only by refused requests in the matrix.</summary>
    public static readonly IReadOnlyList<string> RealSites = ["REAL_PLAIN_1", "REAL_VECTOR_1"];

    /// <summary>Sites the hostile requests may change.</summary>
    public static readonly IReadOnlyList<string> CampaignSites = ["CAMP_1", "CAMP_2", "CAMP_3"];

    /// <summary>The real sites as the operator API showed them after start-up (site and limits document).</summary>
    public IReadOnlyDictionary<string, string> RealSitesBefore { get; private set; } = new Dictionary<string, string>();

    /// <summary>A valid site body for <paramref name="peerId"/>.</summary>
    public static string SiteBody(string peerId) => $$"""
        {"peerId":"{{peerId}}","assetId":"ASSET_1","timeZone":"Pacific/Auckland","nominalVoltage":230,"phases":3,
         "baseDoe":[{"from":"00:00","kw":150},{"from":"07:00","kw":80},{"from":"21:00","kw":150}],
         "maxImportKw":400,"csms":"main","chargers":[{"id":"CS-001","ratedKw":150},{"id":"CS-002","ratedKw":150}]}
        """;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var http = await OperatorAsync();
        await PutSiteAsync(http, RealSites[0], SiteBody(PeerId));
        await PutSiteAsync(http, RealSites[1], SiteBody(VectorPeerId));
        foreach (var site in CampaignSites) await PutSiteAsync(http, site, SiteBody(PeerId));
        foreach (var site in CampaignSites.Prepend(RealSites[0])) await SendForecastAsync(site, 120, 100, 80, 60);
        RealSitesBefore = await SnapshotAsync(http);
    }

    /// <summary>Sends a valid forecast from <c>plain_cp</c> and fails unless it is accepted (204).</summary>
    public async Task SendForecastAsync(string groupId, params double[] capacities)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/update_group_capacity_forecast")
        {
            Content = new StringContent(Forecasts.Body(groupId, PeriodStart(), capacities), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", CpToken);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        using var response = await Gateway.Http.SendAsync(request);
        if ((int)response.StatusCode != 204)
            throw new InvalidOperationException($"forecast for {groupId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Each real site's view and limits document, as text.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SnapshotAsync(HttpClient operatorHttp)
    {
        var snapshot = new Dictionary<string, string>();
        foreach (var site in RealSites)
        {
            using var view = await operatorHttp.GetAsync($"/api/v1/sites/{site}");
            using var limits = await operatorHttp.GetAsync($"/api/v1/sites/{site}/limits");
            snapshot[site] = $"{(int)view.StatusCode} {await view.Content.ReadAsStringAsync()}\n{(int)limits.StatusCode} {await limits.Content.ReadAsStringAsync()}";
        }
        return snapshot;
    }

    /// <summary>Fails unless every real site reads exactly as it did after start-up.</summary>
    public async Task AssertRealSitesUnchangedAsync()
    {
        using var http = await OperatorAsync();
        var after = await SnapshotAsync(http);
        foreach (var site in RealSites) Assert.Equal(RealSitesBefore[site], after[site]);
    }

    /// <summary>Fails when any configured secret appears in <paramref name="texts"/> or in any captured log line; returns the lines scanned.</summary>
    public int AssertNoSecretIn(IEnumerable<string> texts, string what)
    {
        var lines = Logs.Snapshot();
        Assert.NotEmpty(lines);
        var scanned = 0;
        foreach (var text in texts.Concat(lines))
        {
            scanned++;
            foreach (var (name, secret) in Secrets)
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"the {name} appears in {what} or a log line");
        }
        return scanned;
    }
}
