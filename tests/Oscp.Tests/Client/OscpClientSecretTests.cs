using System.Net;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientSecretTests
{
    private static readonly string[] Secrets = [TestPeers.ClientSecret, TestPeers.StaticTokenValue, "tok-secret-1", "tok-secret-2"];

    [Fact]
    public void Credentials_and_endpoints_print_no_secret_and_no_header_value()
    {
        var texts = new[]
        {
            TestPeers.OAuth.ToString(),
            new StaticToken(TestPeers.StaticTokenValue).ToString(),
            TestPeers.Vector(KeyValuePair.Create("apikey", TestPeers.ApiKey)).ToString(),
            TestPeers.Oscp().ToString(),
        };

        Assert.All(texts, t => Assert.DoesNotContain(TestPeers.ClientSecret, t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(TestPeers.StaticTokenValue, t, StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(TestPeers.ApiKey, t, StringComparison.Ordinal));
        Assert.Contains("ClientId = fleet", texts[0], StringComparison.Ordinal);
        Assert.Contains("Headers = [apikey]", texts[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_echoing_our_secret_does_not_put_it_into_the_result()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Status(
            HttpStatusCode.Unauthorized, $$"""{"error":"invalid_client","error_description":"bad secret {{TestPeers.ClientSecret}}"}"""));

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal("token request to cp.example.test failed: HTTP 401 invalid_client (bad secret ***)", result.Error);
        AssertNoSecret(result.ToString());
    }

    [Fact]
    public async Task A_cp_echoing_our_credentials_does_not_put_them_into_the_result()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, () => ScriptedNetwork.Status(HttpStatusCode.BadRequest, $"token {TestPeers.StaticTokenValue} is odd"));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal("token *** is odd", result.ResponseBody);
    }

    [Fact]
    public async Task No_secret_token_or_authorization_header_reaches_a_log_or_a_result()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-secret-1"), () => ScriptedNetwork.Token("tok-secret-2"), () => ScriptedNetwork.Status(HttpStatusCode.Unauthorized, """{"error":"invalid_client"}"""));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable);
        var results = new List<OscpSendResult>
        {
            await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat()),
            await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat()),
            await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat()),
        };

        Assert.Contains(harness.Logs.Lines, l => l.Contains("fetching a new OAuth token", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, l => l.Contains("cp.example.test", StringComparison.Ordinal));
        Assert.All(harness.Logs.Lines, AssertNoSecret);
        Assert.All(results, r => AssertNoSecret(r.ToString()));
    }

    private static void AssertNoSecret(string text)
    {
        foreach (var secret in Secrets)
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }
    }
}
