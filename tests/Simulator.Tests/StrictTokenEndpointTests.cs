using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

/// <summary>
/// <c>/token</c> made stricter for tests of the FP's client: one way of presenting the credentials, a required scope,
/// the static headers on the token request.
/// </summary>
public sealed class StrictTokenEndpointTests
{
    [Fact]
    public async Task Basic_only_refuses_credentials_in_the_body_with_a_basic_challenge_and_grants_basic()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.TokenAuthStyle = "basic");

        using var body = await h.Http.PostAsync("/token", SimulatorHarness.Form(SimulatorHarness.SimClientId, SimulatorHarness.SimClientSecret));
        using var basic = await h.Http.SendAsync(TokenRequest(basic: true));

        Assert.Equal(HttpStatusCode.Unauthorized, body.StatusCode);
        var error = await body.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_client", error.GetProperty("error").GetString());
        Assert.Contains("client_secret_basic", error.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Basic", Assert.Single(body.Headers.WwwAuthenticate).Scheme);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Fact]
    public async Task Body_only_refuses_http_basic_and_grants_the_body()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.TokenAuthStyle = "BODY");

        using var basic = await h.Http.SendAsync(TokenRequest(basic: true));
        using var body = await h.Http.SendAsync(TokenRequest(basic: false));

        Assert.Equal(HttpStatusCode.Unauthorized, basic.StatusCode);
        Assert.Contains("client_secret_post", await basic.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, body.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Any_style_is_the_default_and_grants_either(bool basic)
    {
        await using var h = await SimulatorHarness.StartAsync();

        using var response = await h.Http.SendAsync(TokenRequest(basic));

        Assert.Equal(CpSimulatorOptions.AnyTokenAuthStyle, h.Sim.Options.TokenAuthStyle);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.BadRequest)]
    [InlineData("oscp", HttpStatusCode.BadRequest)]
    [InlineData("fp:42 oscp", HttpStatusCode.OK)]
    [InlineData("extra oscp fp:42", HttpStatusCode.OK)]
    public async Task A_required_scope_must_be_among_the_requested_scope_tokens(string? scope, HttpStatusCode expected)
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.RequiredTokenScope = "oscp fp:42");

        using var response = await h.Http.SendAsync(TokenRequest(basic: true, scope: scope));

        Assert.Equal(expected, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (expected == HttpStatusCode.OK)
            Assert.Equal(scope, json.GetProperty("scope").GetString());
        else
            Assert.Equal("invalid_scope", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_scope_is_only_checked_for_a_client_that_authenticated()
    {
        await using var h = await SimulatorHarness.StartAsync(o => o.RequiredTokenScope = "oscp");

        using var response = await h.Http.SendAsync(TokenRequest(basic: false, secret: "wrong-secret"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Required_headers_on_the_token_request_are_the_static_headers_of_oscp_calls()
    {
        var logs = new LogCapture();
        await using var h = await SimulatorHarness.StartAsync(o => o.RequireHeadersOnTokenRequest = true, logs);

        using var none = await h.Http.SendAsync(TokenRequest(basic: true));
        using var wrongKey = await h.Http.SendAsync(TokenRequest(basic: true, headers: Headers(apiKey: "not-the-key")));
        using var noAccessToken = await h.Http.SendAsync(TokenRequest(basic: true, headers: Headers(accessToken: null)));
        using var all = await h.Http.SendAsync(TokenRequest(basic: false, headers: Headers()));

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("missing or wrong fp-id header", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        var wrongKeyText = await wrongKey.Content.ReadAsStringAsync();
        Assert.Contains("missing or wrong apikey header", wrongKeyText, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", wrongKeyText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, noAccessToken.StatusCode);
        Assert.Contains("x-access-token", await noAccessToken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, all.StatusCode);
        var lines = logs.Lines.Snapshot().Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.Contains("missing or wrong apikey header", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(SimulatorHarness.ApiKey, StringComparison.Ordinal) || l.Contains("not-the-key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_option_a_token_request_needs_no_headers()
    {
        await using var h = await SimulatorHarness.StartAsync();

        using var response = await h.Http.SendAsync(TokenRequest(basic: true));

        Assert.False(h.Sim.Options.RequireHeadersOnTokenRequest);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Token_options_are_validated_without_echoing_their_values()
    {
        var options = new CpSimulatorOptions
        {
            FpBaseUrl = "http://127.0.0.1:5080", FpTokenUrl = "http://127.0.0.1:5080/oauth/token", FpClientId = "c", FpClientSecret = "s",
            ClientId = "c", ClientSecret = "s", FpId = "f", ApiKey = "k", TokenAuthStyle = "client_secret_jwt", RequiredTokenScope = "bad\"scope",
        };

        var errors = CpSimulatorOptionsValidator.Validate(options);

        Assert.Equal(
            [
                "Simulator:Cp:TokenAuthStyle: must be any, basic or body",
                "Simulator:Cp:RequiredTokenScope: must be scope tokens separated by single spaces (RFC 6749 §3.3)",
            ],
            errors);
    }

    private static Dictionary<string, string> Headers(string? apiKey = SimulatorHarness.ApiKey, string? accessToken = SimulatorHarness.AccessToken)
    {
        var headers = new Dictionary<string, string> { ["fp-id"] = SimulatorHarness.FpId };
        if (apiKey is not null) headers["apikey"] = apiKey;
        if (accessToken is not null) headers["x-access-token"] = accessToken;
        return headers;
    }

    private static HttpRequestMessage TokenRequest(
        bool basic, string? scope = null, string secret = SimulatorHarness.SimClientSecret, Dictionary<string, string>? headers = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (!basic)
        {
            form["client_id"] = SimulatorHarness.SimClientId;
            form["client_secret"] = secret;
        }

        if (scope is not null) form["scope"] = scope;
        var request = new HttpRequestMessage(HttpMethod.Post, "/token") { Content = new FormUrlEncodedContent(form) };
        if (basic)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorHarness.SimClientId}:{secret}")));
        }

        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.Add(name, value);
        }

        return request;
    }
}
