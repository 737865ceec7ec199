using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Gateway.WebConsole;
using OscpFleet.Testing;

namespace OscpFleet.Integration.WebConsole;

/// <summary>
/// How the gateway serves the console (policy, caching, redirect, unknown files) and the fleet summary behind its
/// overview, over real HTTP against a running gateway and silo.
/// </summary>
public sealed partial class ConsoleServingTests(ConsoleCluster cluster) : IClassFixture<ConsoleCluster>
{
    [Fact]
    public async Task Console_files_carry_a_strict_content_security_policy_and_revalidate_while_the_versioned_library_is_cached()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = cluster.Gateway.BaseAddress };

        using var bare = await http.GetAsync("/console?x=1");
        Assert.Equal(HttpStatusCode.MovedPermanently, bare.StatusCode);
        Assert.Equal("/console/?x=1", bare.Headers.Location?.OriginalString);

        using var page = await http.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.True(page.Headers.CacheControl?.NoCache, "our own files are revalidated on every use");
        var etag = page.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        var html = await page.Content.ReadAsStringAsync();
        // No inline script or style anywhere: the policy would block it, so it must not be needed.
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain(" style=", html, StringComparison.OrdinalIgnoreCase);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/console/");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var library = await http.GetAsync("/console/vendor/uplot-1.6.32.min.js");
        Assert.Equal(HttpStatusCode.OK, library.StatusCode);
        Assert.Equal("text/javascript", library.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), library.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", library.Headers.CacheControl?.ToString(), StringComparison.Ordinal);

        foreach (var file in ConsoleEndpoints.Files)
        {
            using var response = await http.GetAsync($"/console/{file}");
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{file}: {(int)response.StatusCode}");
        }
        Assert.Contains("vendor/uplot-LICENSE.txt", ConsoleEndpoints.Files);

        using var unknown = await http.GetAsync("/console/../appsettings.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var missing = await http.GetAsync("/console/nothing-here.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("nothing-here.js", (await missing.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fleet_summary_counts_every_site_by_state_and_lists_a_site_with_no_meter_reading_as_at_risk()
    {
        using var ops = await cluster.OperatorAsync();
        const string quiet = "CONSOLE_QUIET_1";
        using (var put = await ops.PutAsJsonAsync($"/api/v1/sites/{quiet}", new
        {
            peerId = Testing.VectorPeerCluster.PeerId, assetId = quiet, timeZone = "Pacific/Auckland", maxImportKw = 100, csms = "main",
            baseDoe = new[] { new { from = "00:00", kw = 50 } },
        }))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        var summary = await ops.GetFromJsonAsync<JsonElement>("/api/v1/fleet/summary");
        var listed = (await ops.GetFromJsonAsync<JsonElement>("/api/v1/sites?limit=1000")).GetProperty("sites").EnumerateArray()
            .Select(s => s.GetProperty("state").GetString()!).ToList();
        var sites = summary.GetProperty("sites");
        Assert.Equal(listed.Count, sites.GetProperty("total").GetInt32());
        var byState = sites.GetProperty("byState").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(["base_doe", "disabled", "emergency_stop", "fallback", "forecast", "operator"], byState.Keys.Order(StringComparer.Ordinal));
        foreach (var (state, count) in byState) Assert.Equal(listed.Count(s => s == state), count);

        var peer = Assert.Single(summary.GetProperty("peers").EnumerateArray(), p => p.GetProperty("peerId").GetString() == Testing.VectorPeerCluster.PeerId);
        Assert.Equal("Online", peer.GetProperty("state").GetString());
        Assert.Equal(listed.Count, summary.GetProperty("peers").EnumerateArray().Sum(p => p.GetProperty("sites").GetInt32()));

        var atRisk = Assert.Single(summary.GetProperty("atRisk").EnumerateArray(), s => s.GetProperty("groupId").GetString() == quiet);
        Assert.Contains("meter_stale", atRisk.GetProperty("risks").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("compliance_error", atRisk.GetProperty("risks").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(summary.GetProperty("atRisk").GetArrayLength(), summary.GetProperty("atRiskTotal").GetInt32());

        // The CSMS reports a compliance error for the site: it is at risk for that too, at once.
        using var csmsClient = await cluster.CsmsClientAsync();
        var now = cluster.Clock.GetUtcNow();
        using (var reported = await csmsClient.PostAsJsonAsync($"/api/v1/sites/{quiet}/compliance-errors",
            new { message = "charger CS-9 ignored the limit", from = now.AddMinutes(-10), to = now.AddMinutes(-5) }))
        {
            Assert.True(reported.IsSuccessStatusCode, await reported.Content.ReadAsStringAsync());
        }
        var after = await ops.GetFromJsonAsync<JsonElement>("/api/v1/fleet/summary");
        var risks = Assert.Single(after.GetProperty("atRisk").EnumerateArray(), s => s.GetProperty("groupId").GetString() == quiet)
            .GetProperty("risks").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("compliance_error", risks);

        using var csms = await cluster.CsmsClientAsync();
        using var forbidden = await csms.GetAsync("/api/v1/fleet/summary");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = await cluster.Gateway.Http.GetAsync("/api/v1/fleet/summary");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var document = await cluster.Gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var get = document.GetProperty("paths").GetProperty("/api/v1/fleet/summary").GetProperty("get");
        Assert.True(get.GetProperty("responses").TryGetProperty("200", out _));
        Assert.False(document.GetProperty("paths").EnumerateObject().Any(p => p.Name.StartsWith("/console", StringComparison.Ordinal)),
            "the console's files are not API operations");
    }

    [Fact]
    public async Task An_operator_of_the_CPOs_OpenID_Connect_provider_reads_the_operator_API_and_nobody_else_it_signs_for_does()
    {
        var now = cluster.Clock.GetUtcNow();
        var oidc = cluster.Oidc;
        async Task<HttpStatusCode> SummaryWith(string token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/fleet/summary");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await cluster.Gateway.Http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SummaryWith(oidc.Issue(now, "alice", [TestOidcAuthority.OperatorRole, "staff"])));
        // Signed in, but not an operator: a scope the provider put in the token is not believed, a peer's neither.
        Assert.Equal(HttpStatusCode.Forbidden, await SummaryWith(oidc.Issue(now, "bob", ["staff"],
            extra: new Dictionary<string, object> { ["scope"] = "operator oscp:" + Testing.VectorPeerCluster.PeerId })));
        Assert.Equal(HttpStatusCode.Unauthorized, await SummaryWith(oidc.Issue(now, "mallory", [TestOidcAuthority.OperatorRole], foreignKey: true)));
        Assert.Equal(HttpStatusCode.Unauthorized, await SummaryWith(oidc.Issue(now, "carol", [TestOidcAuthority.OperatorRole], audience: "another-app")));
        Assert.Equal(HttpStatusCode.Unauthorized, await SummaryWith(oidc.Issue(now.AddHours(-2), "dave", [TestOidcAuthority.OperatorRole])));

        // Such a token is no CP: the OSCP endpoints refuse it.
        using var heartbeat = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/heartbeat")
        {
            Content = JsonContent.Create(new { offline_mode_at = now.AddMinutes(5) }),
        };
        heartbeat.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            oidc.Issue(now, "eve", [TestOidcAuthority.OperatorRole], extra: new Dictionary<string, object> { ["scope"] = "oscp:" + Testing.VectorPeerCluster.PeerId }));
        using var refused = await cluster.Gateway.Http.SendAsync(heartbeat);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized, $"{(int)refused.StatusCode}");

        // Our own operator tokens still work beside it.
        using var ops = await cluster.OperatorAsync();
        using var ours = await ops.GetAsync("/api/v1/fleet/summary");
        Assert.Equal(HttpStatusCode.OK, ours.StatusCode);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("https://login.example.com/tenant/v2.0", "oscpfleet", null)]
    [InlineData("https://login.example.com", null, "Gateway:Oidc:Audience")]
    [InlineData(null, "oscpfleet", "Gateway:Oidc:Authority")]
    [InlineData("http://login.example.com", "oscpfleet", "Gateway:Oidc:Authority")]
    [InlineData("login.example.com", "oscpfleet", "Gateway:Oidc:Authority")]
    public void The_OpenID_Connect_settings_are_both_or_neither_and_https(string? authority, string? audience, string? problem)
    {
        var errors = new Gateway.Auth.OidcOptions { Authority = authority, Audience = audience }.Validate();
        if (problem is null) Assert.Empty(errors);
        else Assert.Contains(errors, e => e.StartsWith(problem + ":", StringComparison.Ordinal));
        Assert.Empty(new Gateway.Auth.OidcOptions { Authority = "http://127.0.0.1:1", Audience = "a", AllowHttp = true }.Validate());
        Assert.Contains(new Gateway.Auth.OidcOptions { Authority = "https://a", Audience = "a", OperatorRole = " " }.Validate(),
            e => e.StartsWith("Gateway:Oidc:OperatorRole:", StringComparison.Ordinal));
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();
}
