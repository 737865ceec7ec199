using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Simulator.Tests;

public sealed class TokenEndpointTests : IAsyncLifetime
{
    private SimulatorHarness _h = null!;

    public async Task InitializeAsync() => _h = await SimulatorHarness.StartAsync(o => o.TokenLifetimeSeconds = 600);

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Configured_credentials_in_the_form_body_get_a_bearer_token_with_the_configured_lifetime()
    {
        using var response = await _h.Http.PostAsync("/token", SimulatorHarness.Form(SimulatorHarness.SimClientId, SimulatorHarness.SimClientSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(600, json.GetProperty("expires_in").GetInt32());
        Assert.True(json.GetProperty("access_token").GetString()!.Length >= 32);
    }

    [Fact]
    public async Task Configured_credentials_by_http_basic_get_a_token_that_opens_the_cp_endpoints()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{SimulatorHarness.SimClientId}:{SimulatorHarness.SimClientSecret}")));
        using var response = await _h.Http.SendAsync(request);
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();

        using var heartbeat = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), r => r.Headers.Authorization = new("Bearer", token));

        Assert.Equal(HttpStatusCode.NoContent, heartbeat.StatusCode);
    }

    [Theory]
    [InlineData(SimulatorHarness.SimClientId, "wrong-secret")]
    [InlineData("someone_else", SimulatorHarness.SimClientSecret)]
    public async Task Wrong_credentials_are_refused_with_401_invalid_client(string clientId, string clientSecret)
    {
        using var response = await _h.Http.PostAsync("/token", SimulatorHarness.Form(clientId, clientSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_token_works_until_its_lifetime_has_passed_on_the_simulator_clock()
    {
        var token = await _h.TokenAsync();
        void WithToken(HttpRequestMessage r) => r.Headers.Authorization = new("Bearer", token);

        _h.Clock.Advance(TimeSpan.FromSeconds(599));
        using var justBefore = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), WithToken);
        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        using var atExpiry = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)), WithToken);

        Assert.Equal(HttpStatusCode.NoContent, justBefore.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, atExpiry.StatusCode);
        Assert.Contains("invalid_token", atExpiry.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuse_mode_answers_401_even_to_the_right_credentials_until_it_is_lifted()
    {
        _h.Sim.SetRefuseTokens(true);
        using var refused = await _h.Http.PostAsync("/token", SimulatorHarness.Form(SimulatorHarness.SimClientId, SimulatorHarness.SimClientSecret));
        _h.Sim.SetRefuseTokens(false);
        using var granted = await _h.Http.PostAsync("/token", SimulatorHarness.Form(SimulatorHarness.SimClientId, SimulatorHarness.SimClientSecret));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("invalid_client", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    [Fact]
    public async Task Revoked_tokens_are_refused_on_the_cp_endpoints()
    {
        using var before = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));
        _h.Sim.RevokeTokens();
        using var after = await _h.PostAsync("heartbeat", _h.HeartbeatBody(TimeSpan.FromMinutes(1)));

        Assert.Equal(HttpStatusCode.NoContent, before.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
