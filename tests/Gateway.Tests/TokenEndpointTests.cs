using System.Net;
using static OscpFleet.Gateway.Tests.TestCredentials;
using static OscpFleet.Gateway.Tests.TokenForms;

namespace OscpFleet.Gateway.Tests;

/// <summary>POST /oauth/token: what a well-formed client-credentials request gets.</summary>
public sealed class TokenEndpointTests
{
    [Fact]
    public async Task Credentials_in_the_body_get_a_bearer_token_with_the_clients_scopes_and_lifetime()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(ToolsClient, ToolsSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await JsonAsync(response);
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(LifetimeSeconds, body.GetProperty("expires_in").GetInt32());
        Assert.Equal("operator csms", body.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("access_token").GetString()));
    }

    [Fact]
    public async Task Credentials_by_http_basic_are_url_decoded_and_get_a_token()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(), AuthTestHost.Basic(OperatorClient, OperatorSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("operator", (await JsonAsync(response)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task A_vector_peers_client_gets_the_scope_of_its_peer()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(), AuthTestHost.Basic(VectorClientId, VectorSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oscp:vector_test", (await JsonAsync(response)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Token_answers_forbid_caching()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(CsmsClient, CsmsSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store");
        Assert.Contains("no-cache", response.Headers.Pragma.Select(p => p.Name));
    }

    [Fact]
    public async Task Either_configured_secret_hash_authenticates_during_a_rotation()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var current = await host.RequestTokenAsync(ClientCredentials(VectorClientId, VectorSecret));
        using var previous = await host.RequestTokenAsync(ClientCredentials(VectorClientId, VectorPreviousSecret));
        using var other = await host.RequestTokenAsync(ClientCredentials(VectorClientId, CsmsSecret));

        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
        Assert.Equal(HttpStatusCode.OK, previous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
    }

    [Fact]
    public async Task A_requested_subset_of_scopes_is_all_the_token_grants()
    {
        await using var host = await AuthTestHost.StartAsync();

        var token = await host.GetAccessTokenAsync(ToolsClient, ToolsSecret, scope: "csms");
        using var csms = await host.GetAsync(AuthTestHost.CsmsPath, AuthTestHost.Bearer(token));
        using var operatorApi = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.OK, csms.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, operatorApi.StatusCode);
    }

    [Fact]
    public async Task A_matching_client_id_in_the_body_beside_basic_is_tolerated()
    {
        await using var host = await AuthTestHost.StartAsync();

        var form = ClientCredentials(CsmsClient);
        using var response = await host.RequestTokenAsync(form, AuthTestHost.Basic(CsmsClient, CsmsSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("csms", (await JsonAsync(response)).GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData("oscp:other_peer")]
    [InlineData("operator csms")]
    [InlineData("cp.read cp.write")]
    public async Task A_peer_asking_a_scope_it_does_not_hold_gets_its_own_scope_and_the_answer_says_so(string asked)
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(scope: asked), AuthTestHost.Basic(VectorClientId, VectorSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("oscp:vector_test", body.GetProperty("scope").GetString());
        var token = body.GetProperty("access_token").GetString()!;
        using var peerCall = await host.GetAsync(AuthTestHost.PeerPath, AuthTestHost.Bearer(token));
        using var operatorCall = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));
        Assert.Equal(HttpStatusCode.OK, peerCall.StatusCode);
        Assert.Equal(VectorPeer, await peerCall.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, operatorCall.StatusCode);
    }

    [Fact]
    public async Task A_peer_asking_its_own_scope_among_others_gets_just_its_own()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(VectorClientId, VectorSecret, scope: "operator oscp:vector_test"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("oscp:vector_test", (await JsonAsync(response)).GetProperty("scope").GetString());
    }

    [Theory]
    [InlineData(OperatorClient, OperatorSecret, "oscp:vector_test")]
    [InlineData(OperatorClient, OperatorSecret, "operator csms")]
    [InlineData(CsmsClient, CsmsSecret, "something_else")]
    public async Task An_operator_or_csms_client_asking_a_scope_it_does_not_hold_still_gets_invalid_scope(string clientId, string secret, string asked)
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(clientId, secret, scope: asked));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await JsonAsync(response);
        Assert.Equal("invalid_scope", body.GetProperty("error").GetString());
        Assert.False(body.TryGetProperty("access_token", out _));
    }
}
