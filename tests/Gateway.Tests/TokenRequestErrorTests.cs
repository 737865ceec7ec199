using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using static OscpFleet.Gateway.Tests.TestCredentials;
using static OscpFleet.Gateway.Tests.TokenForms;

namespace OscpFleet.Gateway.Tests;

/// <summary>POST /oauth/token: the RFC 6749 §5.2 answers to bad credentials and bad requests.</summary>
public sealed class TokenRequestErrorTests
{
    [Fact]
    public async Task Wrong_secret_and_unknown_client_get_the_same_invalid_client_answer()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var wrongSecret = await host.RequestTokenAsync(ClientCredentials(OperatorClient, CsmsSecret));
        using var unknownClient = await host.RequestTokenAsync(ClientCredentials("nobody", OperatorSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongSecret.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownClient.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(wrongSecret)).GetProperty("error").GetString());
        Assert.Equal(await wrongSecret.Content.ReadAsStringAsync(), await unknownClient.Content.ReadAsStringAsync());
        // No challenge without Basic: the client did not try the Authorization header.
        Assert.Empty(wrongSecret.Headers.WwwAuthenticate);
        Assert.True(wrongSecret.Headers.CacheControl?.NoStore, "errors are not cacheable either");
    }

    [Fact]
    public async Task Failed_basic_authentication_carries_a_basic_challenge()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(), AuthTestHost.Basic(OperatorClient, "not-the-secret-0123456789abcdefghijkl"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(response)).GetProperty("error").GetString());
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Basic", challenge.Scheme);
        Assert.Equal("realm=\"oscpfleet\"", challenge.Parameter);
    }

    [Fact]
    public async Task Missing_credentials_are_invalid_client()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(OperatorClient));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Missing_grant_type_is_invalid_request()
    {
        await using var host = await AuthTestHost.StartAsync();

        var form = ClientCredentials(OperatorClient, OperatorSecret);
        form.Remove("grant_type");
        using var response = await host.RequestTokenAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("password")]
    [InlineData("authorization_code")]
    [InlineData("Client_Credentials")]
    public async Task Any_other_grant_type_is_unsupported_grant_type(string grantType)
    {
        await using var host = await AuthTestHost.StartAsync();

        var form = ClientCredentials(OperatorClient, OperatorSecret);
        form["grant_type"] = grantType;
        using var response = await host.RequestTokenAsync(form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Credentials_in_both_the_header_and_the_body_are_invalid_request()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(OperatorClient, OperatorSecret), AuthTestHost.Basic(OperatorClient, OperatorSecret));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_json_body_is_invalid_request()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var content = new StringContent(
            JsonSerializer.Serialize(ClientCredentials(OperatorClient, OperatorSecret)), Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync("/oauth/token", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_repeated_parameter_is_invalid_request()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(
        [
            new("grant_type", "client_credentials"), new("client_id", OperatorClient), new("client_secret", OperatorSecret),
            new("client_secret", CsmsSecret),
        ]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_scope_outside_the_clients_scopes_is_invalid_scope()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(CsmsClient, CsmsSecret, scope: "csms operator"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", (await JsonAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Authorization_header_with_another_scheme_is_invalid_client_with_a_challenge()
    {
        await using var host = await AuthTestHost.StartAsync();

        using var response = await host.RequestTokenAsync(ClientCredentials(), new AuthenticationHeaderValue("Bearer", "whatever"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }
}
