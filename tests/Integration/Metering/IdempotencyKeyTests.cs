using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Metering;

/// <summary>
/// The <c>Idempotency-Key</c> header of capacity requests and compliance errors over real HTTP: a repeat answers the
/// first answer and the CP receives one message, another body is 422, a malformed key 400, and the key survives a silo
/// that dies.
/// </summary>
public sealed class IdempotencyKeyTests(MeteringCluster cluster) : IClassFixture<MeteringCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;
    private const string Site = "BUS_AUK_1";
    private const string OtherSite = "BUS_AUK_2";

    [Fact]
    public async Task A_repeated_capacity_request_answers_the_first_answer_and_the_cp_receives_one_adjustment()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var mark = cluster.Mark();
        using var http = await cluster.CsmsClientAsync();
        var body = CapacityBody(180);

        var (firstStatus, firstBody) = await PostAsync(http, Site, "capacity-requests", body, "retry-me-1");
        var (againStatus, againBody) = await PostAsync(http, Site, "capacity-requests", body, "retry-me-1");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(firstStatus, againStatus);
        Assert.Equal(firstBody, againBody);
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204, Timeout);
        // Everything queued is sent once the outbox is empty: a second message would have reached the CP by then.
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.All(m => m.PeriodStart is not null));
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.AdjustGroupCapacityForecast), m => m.Sequence > mark);
    }

    [Fact]
    public async Task A_repeated_compliance_error_answers_the_first_202_not_a_duplicate_and_the_cp_receives_one()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var mark = cluster.Mark();
        using var http = await cluster.CsmsClientAsync();
        var from = cluster.Clock.GetUtcNow().AddMinutes(15 * 40); // a period no other test reports on
        var body = JsonSerializer.Serialize(new { message = "charger CS1 offline", from = from.ToString("O"), to = from.AddMinutes(15).ToString("O") });

        var (firstStatus, firstBody) = await PostAsync(http, Site, "compliance-errors", body, "breach-7");
        var (againStatus, againBody) = await PostAsync(http, Site, "compliance-errors", body, "breach-7");
        var (unkeyedStatus, _) = await PostAsync(http, Site, "compliance-errors", body, key: null);

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, againStatus);
        Assert.Equal(firstBody, againBody);
        Assert.Equal(HttpStatusCode.OK, unkeyedStatus); // without the key, as before: the per-period duplicate answer
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.GroupCapacityComplianceError && m.Status == 204, Timeout);
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.All(m => m.PeriodStart is not null));
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.GroupCapacityComplianceError), m => m.Sequence > mark);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422_naming_the_problem_and_queues_nothing()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        using var http = await cluster.CsmsClientAsync();
        var (firstStatus, _) = await PostAsync(http, Site, "capacity-requests", CapacityBody(100), "reused-key-42");
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.All(m => m.PeriodStart is not null));
        var mark = cluster.Mark();

        var (status, body) = await PostAsync(http, Site, "capacity-requests", CapacityBody(120), "reused-key-42");
        // Scoped per site: the other site has never seen the key.
        var (otherSite, _) = await PostAsync(http, OtherSite, "capacity-requests", CapacityBody(120), "reused-key-42");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal("idempotency key reused", problem.RootElement.GetProperty("title").GetString());
        Assert.Contains("Idempotency-Key", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("different request body", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("reused-key-42", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, otherSite);
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204
            && m.MessageAs<AdjustGroupCapacityForecast>().GroupId == OtherSite, Timeout);
        Assert.DoesNotContain(cluster.Simulator.Received(OscpMessageKind.AdjustGroupCapacityForecast),
            m => m.Sequence > mark && m.MessageAs<AdjustGroupCapacityForecast>().GroupId == Site);
    }

    [Fact]
    public async Task A_repeat_of_a_capacity_request_whose_blocks_have_ended_since_still_answers_the_first_answer()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var mark = cluster.Mark();
        using var http = await cluster.CsmsClientAsync();
        var now = cluster.Clock.GetUtcNow();
        var body = JsonSerializer.Serialize(new
        {
            type = "CONSUMPTION",
            blocks = new[] { new { from = now.AddMinutes(-5).ToString("O"), to = now.AddMinutes(1).ToString("O"), kw = 75.0 } },
        });
        var (firstStatus, firstBody) = await PostAsync(http, Site, "capacity-requests", body, "ends-soon");
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204, Timeout);
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.All(m => m.PeriodStart is not null));

        cluster.AdvanceTo(now.AddMinutes(2));
        var (againStatus, againBody) = await PostAsync(http, Site, "capacity-requests", body, "ends-soon");
        var (unkeyedStatus, _) = await PostAsync(http, Site, "capacity-requests", body, key: null);

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(HttpStatusCode.Accepted, againStatus);
        Assert.Equal(firstBody, againBody);
        Assert.Equal(HttpStatusCode.BadRequest, unkeyedStatus);
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.AdjustGroupCapacityForecast), m => m.Sequence > mark);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)] // 256 characters
    public async Task A_malformed_key_is_400_naming_the_header_without_echoing_it(string? key)
    {
        key ??= new string('k', 256);
        using var http = await cluster.CsmsClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{Site}/capacity-requests")
        {
            Content = new StringContent(CapacityBody(100), Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Idempotency-Key", body, StringComparison.Ordinal);
        Assert.Contains("1 to 255 printable ASCII characters", body, StringComparison.Ordinal);
        if (key.Length > 0) Assert.DoesNotContain(key[..8], body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_survives_a_silo_that_dies_before_the_message_was_delivered()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var mark = cluster.Mark();
        using var http = await cluster.CsmsClientAsync();
        var body = CapacityBody(90);
        // The CP is unavailable: the adjustment is acknowledged (202) and stored, not delivered.
        cluster.Simulator.ScriptAnswers(OscpMessageKind.AdjustGroupCapacityForecast, new ScriptedAnswers([], Then: 503));
        var (firstStatus, firstBody) = await PostAsync(http, Site, "capacity-requests", body, "survives-restart");
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 503, Timeout);

        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        cluster.Simulator.ClearScripts(OscpMessageKind.AdjustGroupCapacityForecast);
        await cluster.StartSiloAsync();
        await cluster.Gateway.ReconnectAsync(Timeout);
        var (againStatus, againBody) = await PostAsync(http, Site, "capacity-requests", body, "survives-restart");

        Assert.Equal(HttpStatusCode.Accepted, firstStatus);
        Assert.Equal(firstStatus, againStatus);
        Assert.Equal(firstBody, againBody);
        await cluster.Simulator.WaitForReceivedAsync(m => m.Sequence > mark && m.Kind == OscpMessageKind.AdjustGroupCapacityForecast && m.Status == 204, Timeout);
        await cluster.WaitForOutboxAsync(Site, o => o.Queued.All(m => m.PeriodStart is not null));
        Assert.Single(cluster.Simulator.Received(OscpMessageKind.AdjustGroupCapacityForecast), m => m.Sequence > mark && m.Status == 204);
    }

    private string CapacityBody(double kw)
    {
        var from = cluster.PeriodStart().AddHours(2);
        return JsonSerializer.Serialize(new
        {
            type = "CONSUMPTION",
            blocks = new[] { new { from = from.ToString("O"), to = from.AddMinutes(15).ToString("O"), kw } },
        });
    }

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string groupId, string endpoint, string body, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sites/{groupId}/{endpoint}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
