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
}
