using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Security;

/// <summary>
/// A csms-scope client speaks for one CSMS endpoint (<c>Oscp:Clients:&lt;id&gt;:Csms</c>): on a site another CSMS
/// serves, every CSMS route answers 403 with a problem body naming the reason, and nothing changes.
/// </summary>
public sealed class CsmsBindingTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    [Fact]
    public async Task A_csms_client_is_refused_on_every_csms_route_of_a_site_another_csms_serves_and_nothing_changes()
    {
        const string site = "BIND_MAIN_1";
        await OnboardAsync(site, "main");
        using var depot = await cluster.OtherCsmsClientAsync();
        var before = await StateAsync(site);
        var samples = $$"""{"samples":[{{Sample("CS-BIND", Now)}}]}""";
        var capacity = $$"""{"type":"CONSUMPTION","blocks":[{"from":"{{Time(Now)}}","to":"{{Time(Now.AddMinutes(15))}}","kw":10}]}""";
        var compliance = $$"""{"message":"cannot comply","from":"{{Time(Now)}}","to":"{{Time(Now.AddMinutes(15))}}"}""";

        var answers = new List<HttpResponseMessage>
        {
            await depot.PostAsync($"/api/v1/sites/{site}/limits/1/applied", null),
            await PostAsync(depot, $"/api/v1/sites/{site}/meter-values", samples),
            await PostAsync(depot, "/api/v1/meter-values", $$"""{"sites":[{"groupId":"{{site}}","samples":[{{Sample("CS-BIND", Now)}}]}]}"""),
            await PostAsync(depot, $"/api/v1/sites/{site}/capacity-requests", capacity),
            await PostAsync(depot, $"/api/v1/sites/{site}/compliance-errors", compliance),
            // An invalid keyed request asks the site to recall an earlier answer: that too is refused.
            await PostAsync(depot, $"/api/v1/sites/{site}/capacity-requests", """{"type":"CONSUMPTION","blocks":[]}""", idempotencyKey: "k-1"),
            await depot.GetAsync($"/api/v1/sites/{site}/limits"),
        };

        foreach (var answer in answers)
        {
            var path = answer.RequestMessage!.RequestUri!.AbsolutePath;
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{path}: {answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var problem = await answer.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("site of another CSMS", problem.GetProperty("title").GetString());
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains(DoeCluster.OtherCsmsClient, detail, StringComparison.Ordinal);
            // The answer never tells a client which CSMS serves another's site.
            Assert.DoesNotContain("'main'", detail, StringComparison.Ordinal);
            answer.Dispose();
        }
        Assert.Equal(before, await StateAsync(site));

        // The site's own CSMS client is served as before.
        using var main = await cluster.CsmsClientAsync();
        using var applied = await main.PostAsync($"/api/v1/sites/{site}/limits/1/applied", null);
        Assert.Equal(HttpStatusCode.NoContent, applied.StatusCode);
    }

    [Fact]
    public async Task A_csms_client_acts_on_its_own_sites_and_a_batch_holding_another_csmss_site_stores_nothing()
    {
        const string own = "BIND_DEPOT_1", foreign = "BIND_MAIN_2";
        await OnboardAsync(own, DoeCluster.OtherCsms);
        await OnboardAsync(foreign, "main");
        using var depot = await cluster.OtherCsmsClientAsync();
        using var main = await cluster.CsmsClientAsync();
        var ownBefore = await StateAsync(own);

        using var batch = await PostAsync(depot, "/api/v1/meter-values",
            $$"""{"sites":[{"groupId":"{{own}}","samples":[{{Sample("CS-OWN", Now)}}]},{"groupId":"{{foreign}}","samples":[{{Sample("CS-OWN", Now)}}]}]}""");
        Assert.Equal(HttpStatusCode.Forbidden, batch.StatusCode);
        Assert.Equal(
            [$"sites[1].groupId: site '{foreign}' is served by another CSMS"],
            (await batch.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(ownBefore, await StateAsync(own));

        using var mine = await PostAsync(depot, $"/api/v1/sites/{own}/meter-values", $$"""{"samples":[{{Sample("CS-OWN", Now)}}]}""");
        using var theirs = await PostAsync(main, $"/api/v1/sites/{own}/meter-values", $$"""{"samples":[{{Sample("CS-OWN", Now)}}]}""");
        using var unknown = await PostAsync(depot, "/api/v1/sites/NO_SUCH_SITE/meter-values", $$"""{"samples":[{{Sample("CS-OWN", Now)}}]}""");

        Assert.Equal(HttpStatusCode.NoContent, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, theirs.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    // What a refused call could have changed: the site (applied version) and its outbox (queued messages, open period).
    private async Task<string> StateAsync(string groupId)
    {
        using var ops = await cluster.OperatorAsync();
        var site = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{groupId}");
        var outbox = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{groupId}/outbox");
        return $"applied={site.GetProperty("appliedVersion")} queued={outbox.GetProperty("queued").GetRawText()} open={outbox.GetProperty("openPeriodStart")}";
    }

    // A site of the peer that never connects, so nothing it queues is ever sent.
    private async Task OnboardAsync(string groupId, string csms)
    {
        using var ops = await cluster.OperatorAsync();
        using var response = await ops.PutAsJsonAsync($"/api/v1/sites/{groupId}", new
        {
            peerId = DoeCluster.OtherPeer, assetId = groupId, timeZone = "Pacific/Auckland",
            baseDoe = new[] { new { from = "00:00", kw = 100.0 } }, maxImportKw = 200.0, csms,
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Sample(string chargerId, DateTimeOffset at) =>
        $$"""{"chargerId":"{{chargerId}}","at":"{{Time(at)}}","energyWh":1,"powerW":1}""";
}
