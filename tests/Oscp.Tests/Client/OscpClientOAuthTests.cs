using System.Net;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientOAuthTests
{
    [Fact]
    public async Task Token_is_fetched_with_client_credentials_in_the_form_body()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        var peer = TestPeers.Vector() with { Credentials = TestPeers.OAuth with { Scope = "oscp" } };

        await harness.Client.SendAsync(peer, TestPeers.Heartbeat());

        var fetch = Assert.Single(harness.TokenRequests);
        Assert.Equal("POST", fetch.Method);
        Assert.Equal("application/x-www-form-urlencoded", fetch.Single("Content-Type"));
        Assert.Equal("client_credentials", fetch.Form["grant_type"]);
        Assert.Equal("fleet", fetch.Form["client_id"]);
        Assert.Equal(TestPeers.ClientSecret, fetch.Form["client_secret"]);
        Assert.Equal("oscp", fetch.Form["scope"]);
        Assert.Equal("Bearer tok-1", Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl)).Single("Authorization"));
    }

    [Fact]
    public async Task Token_is_reused_until_30_seconds_before_it_expires_then_fetched_again()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1", 3600), () => ScriptedNetwork.Token("tok-2", 3600));
        var client = harness.Client;

        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        harness.Time.Advance(TimeSpan.FromSeconds(3569));
        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(2, harness.TokenRequests.Count);
        Assert.Equal(
            ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"],
            harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.Single("Authorization")));
    }

    [Theory]
    [InlineData(3600, 3570)]
    [InlineData(300, 270)]
    [InlineData(60, 54)]
    [InlineData(10, 9)]
    public void A_token_is_reused_for_its_lifetime_less_30_seconds_or_10_percent_whichever_is_smaller(int lifetime, int reuse)
    {
        Assert.Equal(TimeSpan.FromSeconds(reuse), OAuthTokenCache.ReuseFor(TimeSpan.FromSeconds(lifetime)));
    }

    [Fact]
    public async Task A_token_without_expires_in_is_reused_for_five_minutes()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1", expiresIn: null), () => ScriptedNetwork.Token("tok-2"));
        var client = harness.Client;

        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        harness.Time.Advance(OAuthTokenCache.ReuseFor(OAuthTokenCache.LifetimeWhenUnknown) - TimeSpan.FromSeconds(1));
        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(TimeSpan.FromMinutes(5), OAuthTokenCache.LifetimeWhenUnknown);
        Assert.Equal(2, harness.TokenRequests.Count);
    }

    [Fact]
    public async Task Tokens_are_cached_per_token_url_and_client_id()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        var otherClient = TestPeers.Vector() with { PeerId = "vector_b", Credentials = TestPeers.OAuth with { ClientId = "fleet_b" } };

        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        await harness.Client.SendAsync(otherClient, TestPeers.Heartbeat());
        await harness.Client.SendAsync(TestPeers.Vector() with { PeerId = "same_client_again" }, TestPeers.Heartbeat());

        Assert.Equal(["fleet", "fleet_b"], harness.TokenRequests.Select(r => r.Form["client_id"]));
        Assert.Equal(
            ["Bearer tok-1", "Bearer tok-2", "Bearer tok-1"],
            harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.Single("Authorization")));
    }

    [Fact]
    public async Task On_401_the_token_is_refreshed_once_and_the_message_sent_again()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized, HttpStatusCode.NoContent);

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.True(result.IsDelivered);
        var attempts = harness.Network.To(TestPeers.HeartbeatUrl);
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], attempts.Select(a => a.Single("Authorization")));
        Assert.NotEqual(attempts[0].RequestId, attempts[1].RequestId);
        Assert.Equal(attempts[1].RequestId, result.RequestId);
        Assert.Equal(2, harness.TokenRequests.Count);
    }

    [Fact]
    public async Task A_second_401_after_the_refresh_is_unauthorized_and_nothing_more_is_tried()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized);

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Unauthorized, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Equal("HTTP 401 again after fetching a new OAuth token", result.Error);
        Assert.Equal(2, harness.Network.To(TestPeers.HeartbeatUrl).Count);
        Assert.Equal(2, harness.TokenRequests.Count);
    }

    [Fact]
    public async Task The_refreshed_token_is_kept_for_later_sends()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized, HttpStatusCode.NoContent);

        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal("Bearer tok-2", harness.Network.To(TestPeers.HeartbeatUrl)[^1].Single("Authorization"));
        Assert.Equal(2, harness.TokenRequests.Count);
    }
}
