using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpPeerEndpointTests
{
    [Theory]
    [InlineData("https://cp.example.test", "https://cp.example.test/oscp/cp/2.0/heartbeat")]
    [InlineData("https://cp.example.test/", "https://cp.example.test/oscp/cp/2.0/heartbeat")]
    [InlineData("https://cp.example.test/api//", "https://cp.example.test/api/oscp/cp/2.0/heartbeat")]
    [InlineData("http://127.0.0.1:5080/root", "http://127.0.0.1:5080/root/oscp/cp/2.0/heartbeat")]
    public void Url_is_base_without_trailing_slash_then_cp_prefix_then_message_path(string baseUrl, string expected)
    {
        var peer = TestPeers.Oscp() with { BaseUrl = new Uri(baseUrl) };

        Assert.Equal(expected, peer.UrlFor(OscpMessageKind.Heartbeat).AbsoluteUri);
    }

    [Fact]
    public void Every_message_kind_uses_its_snake_case_path()
    {
        var peer = TestPeers.Oscp();

        Assert.Equal(
            "https://cp.example.test/oscp/cp/2.0/update_asset_measurements",
            peer.UrlFor(OscpMessageKind.UpdateAssetMeasurements).AbsoluteUri);
        Assert.Equal(
            "https://cp.example.test/oscp/cp/2.0/handshake_acknowledge",
            peer.UrlFor(OscpMessageKind.HandshakeAcknowledge).AbsoluteUri);
    }

    [Fact]
    public void Path_override_replaces_prefix_and_message_path_for_that_message_only()
    {
        var peer = TestPeers.Oscp() with
        {
            BaseUrl = new Uri("https://cp.example.test/"),
            Paths = new Dictionary<string, string> { ["Heartbeat"] = "/alt/oscp-heartbeat", ["handshake"] = "alt/hs" },
        };

        Assert.Equal("https://cp.example.test/alt/oscp-heartbeat", peer.UrlFor(OscpMessageKind.Heartbeat).AbsoluteUri);
        Assert.Equal("https://cp.example.test/alt/hs", peer.UrlFor(OscpMessageKind.Handshake).AbsoluteUri);
        Assert.Equal("https://cp.example.test/oscp/cp/2.0/register", peer.UrlFor(OscpMessageKind.Register).AbsoluteUri);
    }

    [Theory]
    [InlineData("/oscp/fp/2.0", "https://fp.example.test/oscp/fp/2.0/handshake")]
    [InlineData("/oscp/fp/2.0/", "https://fp.example.test/oscp/fp/2.0/handshake")]
    [InlineData("oscp/2.0", "https://fp.example.test/oscp/2.0/handshake")]
    [InlineData("", "https://fp.example.test/handshake")]
    public void Default_path_prefix_can_point_at_a_flexibility_provider_or_be_empty(string prefix, string expected)
    {
        var peer = TestPeers.Oscp() with { BaseUrl = new Uri("https://fp.example.test/"), DefaultPathPrefix = prefix };

        Assert.Equal(expected, peer.UrlFor(OscpMessageKind.Handshake).AbsoluteUri);
    }

    [Fact]
    public void Defaults_are_cp_prefix_no_overrides_no_headers_and_409_means_not_connected()
    {
        var peer = TestPeers.Oscp();

        Assert.Equal("/oscp/cp/2.0", peer.DefaultPathPrefix);
        Assert.Empty(peer.Paths);
        Assert.Empty(peer.Headers);
        Assert.Equal([409], peer.NotConnectedStatuses);
    }

    [Fact]
    public void Vector_options_become_oauth_credentials_with_paths_headers_and_statuses()
    {
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = "https://evbus.test.api.vector.co.nz",
            TokenUrl = "https://evbus.test.api.vector.co.nz/token",
            ClientId = "fleet",
            ClientSecret = TestPeers.ClientSecret,
            Paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["heartbeat"] = "/alt/heartbeat" },
            Headers = [new HeaderOptions { Name = "fp-id", Value = "FP42" }, new HeaderOptions { Name = "apikey", Value = TestPeers.ApiKey }],
            NotConnectedStatuses = [403, 409],
        };

        var peer = OscpPeerEndpoint.FromOptions("vector_test", options);

        Assert.Equal("vector_test", peer.PeerId);
        Assert.Equal(PeerProfile.Vector, peer.Profile);
        Assert.Equal(new OAuthClientCredentials(new Uri("https://evbus.test.api.vector.co.nz/token"), "fleet", TestPeers.ClientSecret), peer.Credentials);
        Assert.Equal("https://evbus.test.api.vector.co.nz/alt/heartbeat", peer.UrlFor(OscpMessageKind.Heartbeat).AbsoluteUri);
        Assert.Equal([KeyValuePair.Create("fp-id", "FP42"), KeyValuePair.Create("apikey", TestPeers.ApiKey)], peer.Headers);
        Assert.Equal([403, 409], peer.NotConnectedStatuses);
    }

    [Fact]
    public void Oscp_options_become_a_static_token()
    {
        var options = new PeerOptions { Profile = PeerProfile.Oscp, BaseUrl = "https://cp.example.test", Token = TestPeers.StaticTokenValue };

        var peer = OscpPeerEndpoint.FromOptions("oscp_test", options);

        Assert.Equal(new StaticToken(TestPeers.StaticTokenValue), peer.Credentials);
        Assert.Equal([409], peer.NotConnectedStatuses);
    }

    [Theory]
    [InlineData(null, "Oscp:Peers:vector_test:ClientSecret: is required")]
    [InlineData("not a url", "Oscp:Peers:vector_test:TokenUrl: must be an absolute http(s) URL")]
    public void Missing_or_invalid_options_name_the_key_and_never_the_secret(string? tokenUrl, string expected)
    {
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = "https://cp.example.test",
            TokenUrl = tokenUrl ?? TestPeers.TokenUrl,
            ClientId = "fleet",
            ClientSecret = tokenUrl is null ? null : TestPeers.ClientSecret,
        };

        var error = Assert.Throws<ArgumentException>(() => OscpPeerEndpoint.FromOptions("vector_test", options));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TestPeers.ClientSecret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Vector_token_options_default_to_body_without_scope_or_headers_on_the_token_request()
    {
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = TestPeers.CpBase,
            TokenUrl = TestPeers.TokenUrl,
            ClientId = "fleet",
            ClientSecret = TestPeers.ClientSecret,
            Headers = [new HeaderOptions { Name = "fp-id", Value = "FP42" }],
        };

        var credentials = Assert.IsType<OAuthClientCredentials>(OscpPeerEndpoint.FromOptions("vector_test", options).Credentials);

        Assert.Equal("body", options.TokenAuthStyle);
        Assert.False(options.TokenRequestHeaders);
        Assert.Equal(OAuthClientAuthStyle.Body, credentials.AuthStyle);
        Assert.Null(credentials.Scope);
        Assert.Empty(credentials.TokenRequestHeaders);
    }

    [Theory]
    [InlineData("basic", OAuthClientAuthStyle.Basic)]
    [InlineData("BASIC", OAuthClientAuthStyle.Basic)]
    [InlineData("Body", OAuthClientAuthStyle.Body)]
    [InlineData("", OAuthClientAuthStyle.Body)]
    public void Vector_token_options_become_the_style_the_scope_and_the_static_headers_of_the_token_request(string style, OAuthClientAuthStyle expected)
    {
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = TestPeers.CpBase,
            TokenUrl = TestPeers.TokenUrl,
            ClientId = "fleet",
            ClientSecret = TestPeers.ClientSecret,
            TokenAuthStyle = style,
            TokenScope = "oscp fp:42",
            TokenRequestHeaders = true,
            Headers = [new HeaderOptions { Name = "fp-id", Value = "FP42" }, new HeaderOptions { Name = "apikey", Value = TestPeers.ApiKey }],
        };

        var peer = OscpPeerEndpoint.FromOptions("vector_test", options);

        Assert.Equal(
            new OAuthClientCredentials(new Uri(TestPeers.TokenUrl), "fleet", TestPeers.ClientSecret, "oscp fp:42")
            {
                AuthStyle = expected,
                TokenRequestHeaders = [KeyValuePair.Create("fp-id", "FP42"), KeyValuePair.Create("apikey", TestPeers.ApiKey)],
            },
            peer.Credentials);
        Assert.Equal([KeyValuePair.Create("fp-id", "FP42"), KeyValuePair.Create("apikey", TestPeers.ApiKey)], peer.Headers);
    }

    [Theory]
    [InlineData("client_secret_basic", null, "Oscp:Peers:vector_test:TokenAuthStyle: must be body or basic")]
    [InlineData("basic", "two  spaces", "Oscp:Peers:vector_test:TokenScope: must be scope tokens")]
    [InlineData("basic", "quote\"d", "Oscp:Peers:vector_test:TokenScope: must be scope tokens")]
    public void Invalid_token_options_name_the_key_and_never_the_value(string style, string? scope, string expected)
    {
        var options = new PeerOptions
        {
            Profile = PeerProfile.Vector,
            BaseUrl = TestPeers.CpBase,
            TokenUrl = TestPeers.TokenUrl,
            ClientId = "fleet",
            ClientSecret = TestPeers.ClientSecret,
            TokenAuthStyle = style,
            TokenScope = scope,
        };

        var error = Assert.Throws<ArgumentException>(() => OscpPeerEndpoint.FromOptions("vector_test", options));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(scope ?? style, error.Message, StringComparison.Ordinal);
    }
}
