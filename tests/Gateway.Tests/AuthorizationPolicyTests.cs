using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

public sealed class AuthorizationPolicyTests
{
    private static AuthenticationHeaderValue OscpToken(string token) => new("Token", token);

    [Fact]
    public async Task Without_credentials_an_oscp_endpoint_answers_401_with_a_bearer_challenge_and_a_message()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.PeerPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task Without_credentials_an_api_endpoint_answers_401_problem_details()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.OperatorPath);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_vector_peers_bearer_token_reaches_an_oscp_endpoint_as_its_peer()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = await host.GetAccessTokenAsync(VectorClientId, VectorSecret);

        using var response = await host.GetAsync(AuthTestHost.PeerPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(VectorPeer, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("token")]
    [InlineData("TOKEN")]
    public async Task An_oscp_peers_token_scheme_reaches_an_oscp_endpoint_as_its_peer(string scheme)
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.PeerPath, new AuthenticationHeaderValue(scheme, OscpPeerToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OscpPeer, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_oscp_token_answers_401_with_a_token_challenge()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.PeerPath, OscpToken("not-the-token-0123456789abcdefghijklmn"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Token", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task A_vector_peers_secret_is_no_oscp_token()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.GetAsync(AuthTestHost.PeerPath, OscpToken(VectorSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_operator_token_on_an_oscp_endpoint_is_forbidden()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = await host.GetAccessTokenAsync(OperatorClient, OperatorSecret);

        using var response = await host.GetAsync(AuthTestHost.PeerPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.TryGetProperty("message", out _));
    }

    [Fact]
    public async Task A_peer_token_on_the_operator_api_is_forbidden_with_problem_details()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = await host.GetAccessTokenAsync(VectorClientId, VectorSecret);

        using var bearer = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));
        using var oscp = await host.GetAsync(AuthTestHost.EitherPath, OscpToken(OscpPeerToken));

        Assert.Equal(HttpStatusCode.Forbidden, bearer.StatusCode);
        Assert.Equal("application/problem+json", bearer.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, oscp.StatusCode);
    }

    [Fact]
    public async Task Operator_and_csms_scopes_each_open_only_their_own_api_and_both_open_the_shared_one()
    {
        await using var host = await AuthTestHost.StartAsync();
        var operatorToken = AuthTestHost.Bearer(await host.GetAccessTokenAsync(OperatorClient, OperatorSecret));
        var csmsToken = AuthTestHost.Bearer(await host.GetAccessTokenAsync(CsmsClient, CsmsSecret));

        using var operatorOnOperator = await host.GetAsync(AuthTestHost.OperatorPath, operatorToken);
        using var operatorOnCsms = await host.GetAsync(AuthTestHost.CsmsPath, operatorToken);
        using var csmsOnOperator = await host.GetAsync(AuthTestHost.OperatorPath, csmsToken);
        using var csmsOnEither = await host.GetAsync(AuthTestHost.EitherPath, csmsToken);
        using var operatorOnEither = await host.GetAsync(AuthTestHost.EitherPath, operatorToken);

        Assert.Equal(HttpStatusCode.OK, operatorOnOperator.StatusCode);
        Assert.Equal(OperatorClient, await operatorOnOperator.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, operatorOnCsms.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, csmsOnOperator.StatusCode);
        Assert.Equal(CsmsClient, await csmsOnEither.Content.ReadAsStringAsync());
        Assert.Equal(OperatorClient, await operatorOnEither.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_peer_token_stops_working_once_its_peer_is_no_longer_configured()
    {
        var key = TestSigningKey.Create("k1");
        await using var before = await AuthTestHost.StartAsync(new() { SigningKeys = [key] });
        await using var after = await AuthTestHost.StartAsync(new() { SigningKeys = [key], IncludeVectorPeer = false });
        var token = await before.GetAccessTokenAsync(VectorClientId, VectorSecret);

        using var response = await after.GetAsync(AuthTestHost.PeerPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }
}
