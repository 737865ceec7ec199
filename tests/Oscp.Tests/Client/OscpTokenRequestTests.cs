using System.Net;
using System.Text;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>The shape of the request at the CP's token URL: how the credentials travel, the scope, the static headers.</summary>
public sealed class OscpTokenRequestTests
{
    private static OscpPeerEndpoint Peer(OAuthClientCredentials credentials, params KeyValuePair<string, string>[] headers) =>
        TestPeers.Vector(headers) with { Credentials = credentials };

    [Fact]
    public async Task Basic_style_sends_the_credentials_as_http_basic_and_not_in_the_body()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));

        var result = await harness.Client.SendAsync(Peer(TestPeers.OAuth with { AuthStyle = OAuthClientAuthStyle.Basic }), TestPeers.Heartbeat());

        Assert.True(result.IsDelivered, result.Error);
        var fetch = Assert.Single(harness.TokenRequests);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"fleet:{TestPeers.ClientSecret}")), fetch.Single("Authorization"));
        Assert.Equal("client_credentials", fetch.Form["grant_type"]);
        Assert.Null(fetch.Form["client_id"]);
        Assert.Null(fetch.Form["client_secret"]);
        Assert.Equal("Bearer tok-1", Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl)).Single("Authorization"));
    }

    [Fact]
    public async Task Basic_style_form_urlencodes_id_and_secret_before_joining_them()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        const string id = "fleet:1 a+b";
        const string secret = "s3cr%t: with/ç&=+";
        var credentials = new OAuthClientCredentials(new Uri(TestPeers.TokenUrl), id, secret) { AuthStyle = OAuthClientAuthStyle.Basic };

        await harness.Client.SendAsync(Peer(credentials), TestPeers.Heartbeat());

        var header = Assert.Single(harness.TokenRequests).Single("Authorization");
        Assert.StartsWith("Basic ", header, StringComparison.Ordinal);
        var joined = Encoding.UTF8.GetString(Convert.FromBase64String(header["Basic ".Length..]));
        // Exactly one ':' survives: the one between the encoded id and the encoded secret.
        Assert.Equal(1, joined.Count(c => c == ':'));
        var colon = joined.IndexOf(':', StringComparison.Ordinal);
        Assert.Equal(id, WebUtility.UrlDecode(joined[..colon]));
        Assert.Equal(secret, WebUtility.UrlDecode(joined[(colon + 1)..]));
        Assert.DoesNotContain(' ', joined);
    }

    [Fact]
    public async Task Body_style_is_the_default_and_sends_no_authorization_header()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));

        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(OAuthClientAuthStyle.Body, TestPeers.OAuth.AuthStyle);
        var fetch = Assert.Single(harness.TokenRequests);
        Assert.Empty(fetch.Values("Authorization"));
        Assert.Equal("fleet", fetch.Form["client_id"]);
        Assert.Equal(TestPeers.ClientSecret, fetch.Form["client_secret"]);
    }

    [Theory]
    [InlineData(OAuthClientAuthStyle.Body)]
    [InlineData(OAuthClientAuthStyle.Basic)]
    public async Task A_configured_scope_is_sent_in_either_style_and_none_is_sent_without_one(OAuthClientAuthStyle style)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        var withScope = TestPeers.OAuth with { AuthStyle = style, Scope = "oscp:write fp-42" };

        await harness.Client.SendAsync(Peer(withScope), TestPeers.Heartbeat());
        await harness.Client.SendAsync(Peer(withScope with { Scope = null }), TestPeers.Heartbeat());

        var fetches = harness.TokenRequests;
        Assert.Equal(2, fetches.Count);
        Assert.Equal("oscp:write fp-42", fetches[0].Form["scope"]);
        Assert.DoesNotContain("scope", fetches[1].Form.AllKeys);
    }

    [Fact]
    public async Task Token_request_headers_go_to_the_token_url_without_touching_what_the_client_owns()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        KeyValuePair<string, string>[] headers =
        [
            KeyValuePair.Create("fp-id", "FP42"), KeyValuePair.Create("apikey", TestPeers.ApiKey),
            KeyValuePair.Create("Authorization", "Bearer smuggled"), KeyValuePair.Create("Content-Type", "text/plain"),
        ];
        var credentials = TestPeers.OAuth with { AuthStyle = OAuthClientAuthStyle.Basic, TokenRequestHeaders = headers };

        await harness.Client.SendAsync(Peer(credentials, headers), TestPeers.Heartbeat());

        var fetch = Assert.Single(harness.TokenRequests);
        Assert.Equal("FP42", fetch.Single("fp-id"));
        Assert.Equal(TestPeers.ApiKey, fetch.Single("apikey"));
        Assert.StartsWith("Basic ", fetch.Single("Authorization"), StringComparison.Ordinal);
        Assert.Equal("application/x-www-form-urlencoded", fetch.Single("Content-Type"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Configured_static_headers_reach_the_token_url_only_when_TokenRequestHeaders_is_true(bool onTokenRequest)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"));
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = TestPeers.CpBase,
            TokenUrl = TestPeers.TokenUrl,
            ClientId = "fleet",
            ClientSecret = TestPeers.ClientSecret,
            Headers = [new HeaderOptions { Name = "fp-id", Value = "FP42" }, new HeaderOptions { Name = "apikey", Value = TestPeers.ApiKey }],
            TokenRequestHeaders = onTokenRequest,
        };

        await harness.Client.SendAsync(OscpPeerEndpoint.FromOptions("vector_test", options), TestPeers.Heartbeat());

        var fetch = Assert.Single(harness.TokenRequests);
        Assert.Equal(onTokenRequest ? ["FP42"] : [], fetch.Values("fp-id"));
        Assert.Equal(onTokenRequest ? [TestPeers.ApiKey] : [], fetch.Values("apikey"));
        var call = Assert.Single(harness.Network.To(TestPeers.HeartbeatUrl));
        Assert.Equal("FP42", call.Single("fp-id"));
        Assert.Equal(TestPeers.ApiKey, call.Single("apikey"));
    }

    [Fact]
    public async Task A_different_scope_is_a_different_token_and_the_same_scope_reuses_its_token()
    {
        using var harness = new ClientHarness();
        harness.Network.Route(TestPeers.TokenUrl, (request, _, _) =>
            Task.FromResult(ScriptedNetwork.Token("tok-" + (request.Form["scope"] ?? "none"))));
        var read = Peer(TestPeers.OAuth with { Scope = "read" });
        var write = Peer(TestPeers.OAuth with { Scope = "write" }) with { PeerId = "vector_write" };

        await harness.Client.SendAsync(read, TestPeers.Heartbeat());
        await harness.Client.SendAsync(write, TestPeers.Heartbeat());
        await harness.Client.SendAsync(read, TestPeers.Heartbeat());
        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());

        Assert.Equal(["read", "write", null], harness.TokenRequests.Select(r => r.Form["scope"]));
        Assert.Equal(
            ["Bearer tok-read", "Bearer tok-write", "Bearer tok-read", "Bearer tok-none"],
            harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.Single("Authorization")));
    }

    [Fact]
    public async Task Another_auth_style_or_other_token_request_headers_are_another_token()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"), () => ScriptedNetwork.Token("tok-3"));
        var basic = TestPeers.OAuth with { AuthStyle = OAuthClientAuthStyle.Basic };
        var basicForFp42 = basic with { TokenRequestHeaders = [KeyValuePair.Create("fp-id", "FP42")] };

        await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.Heartbeat());
        await harness.Client.SendAsync(Peer(basic), TestPeers.Heartbeat());
        await harness.Client.SendAsync(Peer(basicForFp42), TestPeers.Heartbeat());
        await harness.Client.SendAsync(Peer(basic with { TokenRequestHeaders = [KeyValuePair.Create("fp-id", "FP42")] }), TestPeers.Heartbeat());

        Assert.Equal(3, harness.TokenRequests.Count);
        Assert.Equal(
            ["Bearer tok-1", "Bearer tok-2", "Bearer tok-3", "Bearer tok-3"],
            harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.Single("Authorization")));
    }

    [Fact]
    public async Task The_refresh_after_a_401_asks_in_the_same_shape()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Token("tok-1"), () => ScriptedNetwork.Token("tok-2"));
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized, HttpStatusCode.NoContent);
        var credentials = TestPeers.OAuth with
        {
            AuthStyle = OAuthClientAuthStyle.Basic,
            Scope = "oscp",
            TokenRequestHeaders = [KeyValuePair.Create("apikey", TestPeers.ApiKey)],
        };

        var result = await harness.Client.SendAsync(Peer(credentials), TestPeers.Heartbeat());

        Assert.True(result.IsDelivered, result.Error);
        var fetches = harness.TokenRequests;
        Assert.Equal(2, fetches.Count);
        Assert.All(fetches, f => Assert.StartsWith("Basic ", f.Single("Authorization"), StringComparison.Ordinal));
        Assert.All(fetches, f => Assert.Equal("oscp", f.Form["scope"]));
        Assert.All(fetches, f => Assert.Equal(TestPeers.ApiKey, f.Single("apikey")));
        Assert.Equal(["Bearer tok-1", "Bearer tok-2"], harness.Network.To(TestPeers.HeartbeatUrl).Select(r => r.Single("Authorization")));
    }

    [Fact]
    public async Task A_token_endpoint_refusing_basic_credentials_makes_the_send_unauthorized_without_the_secret()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.TokenUrl, () => ScriptedNetwork.Status(
            HttpStatusCode.Unauthorized, $$"""{"error":"invalid_client","error_description":"bad {{TestPeers.ClientSecret}}"}"""));

        var result = await harness.Client.SendAsync(Peer(TestPeers.OAuth with { AuthStyle = OAuthClientAuthStyle.Basic }), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Unauthorized, result.Outcome);
        Assert.Equal("token request to cp.example.test failed: HTTP 401 invalid_client (bad ***)", result.Error);
        Assert.Empty(harness.Network.To(TestPeers.HeartbeatUrl));
        Assert.All(harness.Logs.Lines, l => Assert.DoesNotContain(TestPeers.ClientSecret, l, StringComparison.Ordinal));
    }

    [Fact]
    public void Credentials_print_the_style_scope_and_header_names_but_no_secret_or_header_value()
    {
        var credentials = TestPeers.OAuth with
        {
            AuthStyle = OAuthClientAuthStyle.Basic,
            Scope = "oscp",
            TokenRequestHeaders = [KeyValuePair.Create("apikey", TestPeers.ApiKey)],
        };

        var text = credentials.ToString();

        Assert.Contains("AuthStyle = Basic", text, StringComparison.Ordinal);
        Assert.Contains("Scope = oscp", text, StringComparison.Ordinal);
        Assert.Contains("TokenRequestHeaders = [apikey]", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeers.ClientSecret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeers.ApiKey, text, StringComparison.Ordinal);
    }
}
