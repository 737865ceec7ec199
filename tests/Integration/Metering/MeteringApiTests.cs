using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Integration.Connection;
using OscpFleet.Integration.Doe;
using OscpFleet.Testing;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Integration.Metering;

/// <summary>
/// The CSMS and operator API for meter values, capacity requests, compliance errors and the outbox, over real HTTP:
/// who may call what, every validation problem named, unknown sites, all-or-nothing batches, the body limit.
/// Each test uses its own sites (or charger ids), so the order of the tests does not matter.
/// </summary>
public sealed class MeteringApiTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private const string Site = "BUS_AUK_1";
    private const string OtherSite = "BUS_AUK_2";

    private DateTimeOffset Now => cluster.Clock.GetUtcNow();

    [Fact]
    public async Task Meter_values_need_a_csms_token_and_the_outbox_an_operator_token()
    {
        using var ops = await cluster.OperatorAsync();
        using var csms = await cluster.CsmsClientAsync();
        using var cp = new HttpClient { BaseAddress = cluster.Gateway.BaseAddress, Timeout = DoeCluster.Timeout };
        cp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await cluster.CpTokenAsync());
        var samples = SamplesBody(Sample("CS-AUTH", Now, 1, 1));
        var fleet = $$"""{"sites":[{"groupId":"{{Site}}","samples":[{{Sample("CS-AUTH", Now, 1, 1)}}]}]}""";
        var capacity = CapacityBody(Now, Now.AddMinutes(15), 10);

        using var anonymousSite = await PostAsync(cluster.Gateway.Http, $"/api/v1/sites/{Site}/meter-values", samples);
        using var anonymousFleet = await PostAsync(cluster.Gateway.Http, "/api/v1/meter-values", fleet);
        using var anonymousCapacity = await PostAsync(cluster.Gateway.Http, $"/api/v1/sites/{Site}/capacity-requests", capacity);
        using var anonymousOutbox = await cluster.Gateway.Http.GetAsync($"/api/v1/sites/{Site}/outbox");
        using var operatorSite = await PostAsync(ops, $"/api/v1/sites/{Site}/meter-values", samples);
        using var operatorFleet = await PostAsync(ops, "/api/v1/meter-values", fleet);
        using var cpCapacity = await PostAsync(cp, $"/api/v1/sites/{Site}/capacity-requests", capacity);
        using var cpCompliance = await PostAsync(cp, $"/api/v1/sites/{Site}/compliance-errors", ComplianceBody("x", Now, Now.AddMinutes(15)));
        using var csmsOutbox = await csms.GetAsync($"/api/v1/sites/{Site}/outbox");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymousSite.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousFleet.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousCapacity.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousOutbox.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorFleet.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cpCapacity.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, cpCompliance.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, csmsOutbox.StatusCode);
    }

    [Fact]
    public async Task Bad_meter_values_are_refused_with_every_problem_named_and_no_stack_trace()
    {
        using var csms = await cluster.CsmsClientAsync();
        var body = $$"""
            {"samples":[
              {{Sample("CS-BAD", Now, 1, 1)}},
              {"chargerId":"CS 1","at":"2026-11-26T12:00:00","energyKwh":1.5,"powerW":-3},
              {"chargerId":"CS-BAD","at":"{{Time(Now.AddMinutes(10))}}","energyWh":"12","powerW":1},
              {"chargerId":"CS-BAD","at":"{{Time(Now)}}","energyWh":2,"powerW":1}
            ]}
            """;

        using var response = await PostAsync(csms, $"/api/v1/sites/{Site}/meter-values", body);
        using var malformed = await PostAsync(csms, $"/api/v1/sites/{Site}/meter-values", "{\"samples\":[}");
        using var badPath = await PostAsync(csms, "/api/v1/sites/BAD%20ID/meter-values", SamplesBody(Sample("CS-BAD", Now, 1, 1)));
        using var notJson = await csms.PostAsync($"/api/v1/sites/{Site}/meter-values", new StringContent("chargerId=CS-1", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = await ErrorsAsync(response);
        Assert.Equal(
        [
            "samples[1].energyKwh: unknown field; energy is energyWh (Wh), power is powerW (W)",
            "samples[1].chargerId: must be 1-64 characters: letters, digits, '_', '-', '.' or ':'",
            "samples[1].at: must be an RFC 3339 date-time with an offset",
            "samples[1].energyWh: is required",
            "samples[1].powerW: must be >= 0",
            $"samples[2].at: is 600 s ahead of the gateway's clock (now {Time(Now)}); at most 300 s ahead is accepted",
            "samples[2].energyWh: must be a JSON number in Wh",
            $"samples[3]: chargerId 'CS-BAD' at {Time(Now)} is also samples[0] with different values",
        ], errors);
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.StartsWith("body: is not valid JSON at line 1, byte 13: ", Assert.Single(await ErrorsAsync(malformed)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badPath.StatusCode);
        Assert.Equal(["groupId: must be letters, digits, '_' and '-', 1-64 characters"], await ErrorsAsync(badPath));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Equal(["body: Content-Type must be application/json"], await ErrorsAsync(notJson));
        foreach (var answer in new[] { response, malformed, badPath, notJson })
        {
            var text = await answer.Content.ReadAsStringAsync();
            Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_bad_batch_is_refused_with_each_sites_path_and_a_repeated_group_id_named()
    {
        using var csms = await cluster.CsmsClientAsync();
        var body = $$"""
            {"sites":[
              {"groupId":"{{Site}}","samples":[{{Sample("CS-BATCH", Now, 1, 1)}}]},
              {"groupId":"{{OtherSite}}","samples":[{{Sample("CS-BATCH", Now, 1, 1)}},{"chargerId":"CS-BATCH","at":"noon","energyWh":1,"powerW":1,"unit":"kW"}]},
              {"groupId":"{{Site}}","samples":[{{Sample("CS-BATCH", Now, 1, 1)}}]},
              {"groupId":"BAD ID","samples":[]}
            ]}
            """;

        using var response = await PostAsync(csms, "/api/v1/meter-values", body);
        using var empty = await PostAsync(csms, "/api/v1/meter-values", """{"sites":[]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
        [
            "sites[1].samples[1].unit: unknown field; energy is energyWh (Wh), power is powerW (W)",
            "sites[1].samples[1].at: must be an RFC 3339 date-time with an offset",
            $"sites[2].groupId: '{Site}' appears twice (first at sites[0])",
            "sites[3].groupId: must be letters, digits, '_' and '-', 1-64 characters",
            "sites[3].samples: must hold at least one sample",
        ], await ErrorsAsync(response));
        Assert.Equal(["sites: must hold at least one site"], await ErrorsAsync(empty));
    }

    [Fact]
    public async Task Bad_capacity_requests_and_compliance_errors_are_refused_with_every_problem_named()
    {
        using var csms = await cluster.CsmsClientAsync();

        using var capacity = await PostAsync(csms, $"/api/v1/sites/{Site}/capacity-requests", $$"""
            {"type":"consumption","site":"x","blocks":[
              {"from":"{{Time(Now.AddMinutes(30))}}","to":"{{Time(Now.AddMinutes(15))}}","kw":10},
              {"from":"{{Time(Now.AddMinutes(-30))}}","to":"{{Time(Now.AddMinutes(-15))}}","kw":-1},
              {"from":"{{Time(Now)}}","to":"{{Time(Now.AddMinutes(60))}}","kw":10},
              {"from":"{{Time(Now.AddMinutes(45))}}","to":"{{Time(Now.AddMinutes(75))}}","kw":10}
            ]}
            """);
        using var noBlocks = await PostAsync(csms, $"/api/v1/sites/{Site}/capacity-requests", """{"type":"OPTIMUM","blocks":[]}""");
        using var compliance = await PostAsync(csms, $"/api/v1/sites/{Site}/compliance-errors", $$"""
            {"message":" ","from":"{{Time(Now)}}","to":"{{Time(Now)}}","severity":"high"}
            """);

        Assert.Equal(HttpStatusCode.BadRequest, capacity.StatusCode);
        Assert.Equal(
        [
            "site: unknown field; the body is {\"type\",\"blocks\":[{\"from\",\"to\",\"kw\"}]}",
            "type: must be one of CONSUMPTION, GENERATION, FALLBACK_CONSUMPTION, FALLBACK_GENERATION, OPTIMUM",
            "blocks[0].to: must be later than from",
            "blocks[1].kw: must be >= 0",
            $"blocks[1].to: must be later than now ({Time(Now)})",
            "blocks[3]: overlaps blocks[2]",
        ], await ErrorsAsync(capacity));
        Assert.Equal(["blocks: must hold 1 to 192 blocks (got 0)"], await ErrorsAsync(noBlocks));
        Assert.Equal(HttpStatusCode.BadRequest, compliance.StatusCode);
        Assert.Equal(
        [
            "severity: unknown field; the body is {\"message\",\"from\",\"to\"}",
            "message: must not be blank",
            "to: must be later than from",
        ], await ErrorsAsync(compliance));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_with_413()
    {
        using var csms = await cluster.CsmsClientAsync();
        var samples = Enumerable.Range(0, 14_000).Select(i => Sample("CS-" + i.ToString(CultureInfo.InvariantCulture), Now, 1000, 1000));
        var body = SamplesBody([.. samples]);
        Assert.True(Encoding.UTF8.GetByteCount(body) > 1_048_576);

        using var response = await PostAsync(csms, $"/api/v1/sites/{Site}/meter-values", body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("request body too large", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task Valid_samples_are_accepted_with_204_and_an_identical_repeat_too()
    {
        using var csms = await cluster.CsmsClientAsync();
        var single = SamplesBody(Sample("CS-OK-1", Now.AddSeconds(-5), 1_834_521, 48_200), Sample("CS-OK-2", Now, 10, 0));
        var fleet = $$"""
            {"sites":[
              {"groupId":"{{Site}}","samples":[{{Sample("CS-OK-3", Now, 5, 5)}}]},
              {"groupId":"{{OtherSite}}","samples":[{{Sample("CS-OK-3", Now, 7, 7)}},{{Sample("CS-OK-3", Now, 7, 7)}}]}
            ]}
            """;

        using var first = await PostAsync(csms, $"/api/v1/sites/{Site}/meter-values", single);
        using var repeat = await PostAsync(csms, $"/api/v1/sites/{Site}/meter-values", single);
        using var batch = await PostAsync(csms, "/api/v1/meter-values", fleet);

        Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, repeat.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, batch.StatusCode);
        // Already held: the same samples again are duplicates, nothing new.
        var again = await SiteGrain(Site).AcceptMeterValuesAsync([new MeterSample("CS-OK-3", Now, 5, 5)]);
        Assert.Equal((MeterValuesStatus.Accepted, 0, 1), (again.Status, again.Accepted, again.Duplicates));
    }

    [Fact]
    public async Task Samples_for_an_unknown_site_get_404()
    {
        using var csms = await cluster.CsmsClientAsync();

        using var response = await PostAsync(csms, "/api/v1/sites/NO_SUCH_SITE/meter-values", SamplesBody(Sample("CS-1", Now, 1, 1)));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
    }

    [Fact]
    public async Task A_batch_naming_an_unknown_or_disabled_site_gets_404_naming_each_and_stores_nothing()
    {
        using var csms = await cluster.CsmsClientAsync();
        await OnboardAsync("MTR_DISABLED");
        using (var ops = await cluster.OperatorAsync())
        using (var disable = await ops.DeleteAsync("/api/v1/sites/MTR_DISABLED"))
            Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        var fleet = $$"""
            {"sites":[
              {"groupId":"{{Site}}","samples":[{{Sample("CS-NOTHING", Now, 11, 11)}}]},
              {"groupId":"NO_SUCH_SITE","samples":[{{Sample("CS-1", Now, 1, 1)}}]},
              {"groupId":"MTR_DISABLED","samples":[{{Sample("CS-1", Now, 1, 1)}}]}
            ]}
            """;

        using var response = await PostAsync(csms, "/api/v1/meter-values", fleet);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
        [
            "sites[1].groupId: unknown or disabled site 'NO_SUCH_SITE'",
            "sites[2].groupId: unknown or disabled site 'MTR_DISABLED'",
        ], await ErrorsAsync(response));
        // Nothing of the batch was stored for the known site: its sample is new to it now.
        var outcome = await SiteGrain(Site).AcceptMeterValuesAsync([new MeterSample("CS-NOTHING", Now, 11, 11)]);
        Assert.Equal((MeterValuesStatus.Accepted, 1, 0), (outcome.Status, outcome.Accepted, outcome.Duplicates));
    }

    [Fact]
    public async Task A_full_sample_buffer_gets_429_with_retry_after_and_a_batch_names_the_site_while_the_others_are_stored()
    {
        const string full = "MTR_FULL";
        await OnboardAsync(full);
        using var csms = await cluster.CsmsClientAsync();
        HttpResponseMessage? refused = null;
        for (var round = 0; round < 10 && refused is null; round++)
        {
            var samples = Enumerable.Range(0, 2_500).Select(i => Sample(string.Create(CultureInfo.InvariantCulture, $"CS-{round}-{i}"), Now, 1, 1));
            var response = await PostAsync(csms, $"/api/v1/sites/{full}/meter-values", SamplesBody([.. samples]));
            if (response.StatusCode == HttpStatusCode.NoContent) response.Dispose();
            else refused = response;
        }
        var fleet = $$"""
            {"sites":[
              {"groupId":"{{OtherSite}}","samples":[{{Sample("CS-STORED", Now, 3, 3)}}]},
              {"groupId":"{{full}}","samples":[{{Sample("CS-MORE", Now, 1, 1)}}]}
            ]}
            """;

        using var batch = await PostAsync(csms, "/api/v1/meter-values", fleet);

        Assert.NotNull(refused);
        using (refused)
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(60), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("sample buffer full", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, batch.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(60), batch.Headers.RetryAfter?.Delta);
        var problem = await batch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal([$"sites[1].groupId: sample buffer of site '{full}' is full; retry after 60 s"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("the other 1 sites' samples were stored", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("a repeated sample counts once", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = await SiteGrain(OtherSite).AcceptMeterValuesAsync([new MeterSample("CS-STORED", Now, 3, 3)]);
        Assert.Equal((MeterValuesStatus.Accepted, 0, 1), (stored.Status, stored.Accepted, stored.Duplicates));
    }

    [Fact]
    public async Task A_capacity_request_is_queued_with_202_and_shows_in_the_outbox()
    {
        // A site of the peer that never connects: the message stays queued.
        const string site = "MTR_CAPACITY";
        await OnboardAsync(site);
        using var csms = await cluster.CsmsClientAsync();
        using var ops = await cluster.OperatorAsync();

        using var response = await PostAsync(csms, $"/api/v1/sites/{site}/capacity-requests",
            CapacityBody(Now.AddMinutes(15), Now.AddMinutes(30), 150, Now, Now.AddMinutes(15), 120));
        using var unknown = await PostAsync(ops, "/api/v1/sites/NO_SUCH_SITE/capacity-requests", CapacityBody(Now, Now.AddMinutes(15), 1));
        var outbox = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{site}/outbox");
        using var unknownOutbox = await ops.GetAsync("/api/v1/sites/NO_SUCH_SITE/outbox");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal($"/api/v1/sites/{site}/outbox", response.Headers.Location?.OriginalString);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", answer.GetProperty("status").GetString());
        Assert.False(answer.TryGetProperty("correlationId", out _));
        var id = answer.GetProperty("messageId").GetInt64();
        Assert.Equal(site, outbox.GetProperty("groupId").GetString());
        Assert.Contains(outbox.GetProperty("queued").EnumerateArray(),
            m => m.GetProperty("id").GetInt64() == id && m.GetProperty("message").GetString() == "adjust_group_capacity_forecast");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownOutbox.StatusCode);
    }

    [Fact]
    public async Task A_compliance_error_is_queued_with_its_forecast_as_correlation_and_a_repeat_is_a_duplicate()
    {
        var requestId = "mtr-forecast-" + Guid.NewGuid().ToString("N");
        using (var forecast = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
            Forecasts.Body(OtherSite, Now, 90, 90), await cluster.CpTokenAsync(), requestId))
            Assert.Equal(HttpStatusCode.NoContent, forecast.StatusCode);
        using var csms = await cluster.CsmsClientAsync();
        var body = ComplianceBody("charger CS-2 ignores its profile", Now.AddMinutes(1), Now.AddMinutes(10));

        using var queued = await PostAsync(csms, $"/api/v1/sites/{OtherSite}/compliance-errors", body);
        using var repeated = await PostAsync(csms, $"/api/v1/sites/{OtherSite}/compliance-errors", body);
        using var unknown = await PostAsync(csms, "/api/v1/sites/NO_SUCH_SITE/compliance-errors", body);

        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var first = await queued.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("queued", first.GetProperty("status").GetString());
        Assert.Equal(requestId, first.GetProperty("correlationId").GetString());
        Assert.True(first.GetProperty("messageId").GetInt64() >= 0);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        var second = await repeated.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("duplicate", second.GetProperty("status").GetString());
        Assert.Equal(requestId, second.GetProperty("correlationId").GetString());
        Assert.False(string.IsNullOrWhiteSpace(second.GetProperty("detail").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task The_new_routes_are_in_the_openapi_document()
    {
        var document = await cluster.Gateway.Http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        foreach (var path in new[]
        {
            "/api/v1/sites/{groupId}/meter-values", "/api/v1/meter-values", "/api/v1/sites/{groupId}/capacity-requests",
            "/api/v1/sites/{groupId}/compliance-errors", "/api/v1/sites/{groupId}/outbox",
        })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }
        var post = paths.GetProperty("/api/v1/sites/{groupId}/meter-values").GetProperty("post");
        Assert.Equal("Metering", post.GetProperty("tags")[0].GetString());
        Assert.True(post.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        foreach (var path in new[] { "/api/v1/sites/{groupId}/capacity-requests", "/api/v1/sites/{groupId}/compliance-errors" })
        {
            var operation = paths.GetProperty(path).GetProperty("post");
            var header = operation.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "Idempotency-Key");
            Assert.Equal("header", header.GetProperty("in").GetString());
            Assert.False(header.TryGetProperty("required", out var required) && required.GetBoolean());
            Assert.True(operation.GetProperty("responses").TryGetProperty("422", out _), path);
        }
    }

    private ISiteGrain SiteGrain(string groupId) =>
        cluster.Gateway.Services.GetRequiredService<IClusterClient>().GetGrain<ISiteGrain>(groupId);

    // A site of the peer that never connects (nothing it queues is ever sent).
    private async Task OnboardAsync(string groupId)
    {
        using var ops = await cluster.OperatorAsync();
        using var response = await ops.PutAsJsonAsync($"/api/v1/sites/{groupId}", new
        {
            peerId = DoeCluster.OtherPeer, assetId = groupId, timeZone = "Pacific/Auckland",
            baseDoe = new[] { new { from = "00:00", kw = 100.0 } }, maxImportKw = 200.0, csms = "main",
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<List<string?>> ErrorsAsync(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString())];

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static string Sample(string chargerId, DateTimeOffset at, double energyWh, double powerW) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"chargerId":"{{chargerId}}","at":"{{Time(at)}}","energyWh":{{energyWh}},"powerW":{{powerW}}}""");

    private static string SamplesBody(params string[] samples) => $$"""{"samples":[{{string.Join(',', samples)}}]}""";

    private static string CapacityBody(DateTimeOffset from, DateTimeOffset to, double kw) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"type":"CONSUMPTION","blocks":[{"from":"{{Time(from)}}","to":"{{Time(to)}}","kw":{{kw}}}]}""");

    private static string CapacityBody(DateTimeOffset from1, DateTimeOffset to1, double kw1, DateTimeOffset from2, DateTimeOffset to2, double kw2) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"type":"CONSUMPTION","blocks":[{"from":"{{Time(from1)}}","to":"{{Time(to1)}}","kw":{{kw1}}},{"from":"{{Time(from2)}}","to":"{{Time(to2)}}","kw":{{kw2}}}]}""");

    private static string ComplianceBody(string message, DateTimeOffset from, DateTimeOffset to) =>
        $$"""{"message":"{{message}}","from":"{{Time(from)}}","to":"{{Time(to)}}"}""";
}
