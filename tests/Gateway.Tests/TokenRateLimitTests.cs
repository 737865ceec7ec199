using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OscpFleet.Gateway.Auth;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

public sealed class TokenRateLimitTests
{
    [Fact]
    public async Task Token_requests_beyond_the_per_address_limit_get_429_with_retry_after()
    {
        await using var host = await AuthTestHost.StartAsync();
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = OperatorClient, ["client_secret"] = "guess-0123456789abcdefghijklmnopqrstuv" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < FleetAuthentication.TokenRequestsPerWindow; i++)
        {
            using var guess = await host.RequestTokenAsync(form);
            statuses.Add(guess.StatusCode);
        }
        using var throttled = await host.RequestTokenAsync(form);
        // The right secret does not get past the limit either: the window counts requests, not failures.
        form["client_secret"] = OperatorSecret;
        using var honest = await host.RequestTokenAsync(form);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Unauthorized, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), FleetAuthentication.TokenRateWindow);
        Assert.Equal(HttpStatusCode.TooManyRequests, honest.StatusCode);
    }

    [Fact]
    public async Task The_rate_limit_does_not_touch_other_endpoints()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = AuthTestHost.Bearer(await host.GetAccessTokenAsync(OperatorClient, OperatorSecret));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= FleetAuthentication.TokenRequestsPerWindow; i++)
        {
            using var response = await host.GetAsync(AuthTestHost.OperatorPath, token);
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    [Fact]
    public async Task An_attacker_hammering_with_a_bogus_client_id_cannot_stop_the_grid_operators_client_from_getting_a_token()
    {
        await using var host = await AuthTestHost.StartAsync();
        var bogus = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = "not_a_client", ["client_secret"] = "guess-0123456789abcdefghijklmnopqrstuv" };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= FleetAuthentication.TokenRequestsPerWindow; i++)
        {
            using var guess = await host.RequestTokenAsync(bogus);
            statuses.Add(guess.StatusCode);
        }
        // An unreadable form from the same address counts against the same window as unknown clients.
        using var garbage = await host.RequestTokenAsync([new("grant_type", "password")]);

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.Equal(FleetAuthentication.TokenRequestsPerWindow, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.TooManyRequests, garbage.StatusCode);
        // Same address, but a configured client: its own window, untouched.
        Assert.False(string.IsNullOrEmpty(await host.GetAccessTokenAsync(VectorClientId, VectorSecret)));
        Assert.False(string.IsNullOrEmpty(await host.GetAccessTokenAsync(OperatorClient, OperatorSecret)));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_guessing_the_grid_operators_secret_exhausts_only_the_guessers_address()
    {
        await using var host = await AuthTestHost.StartAsync(configure: b => b.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Gateway:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }));

        var guesses = await GuessVectorSecretAsync(host, from: "203.0.113.9");
        using var gridOperator = await VectorTokenAsync(host, from: "198.51.100.20");
        using var guesserWithTheSecret = await VectorTokenAsync(host, from: "203.0.113.9");

        Assert.Equal(HttpStatusCode.TooManyRequests, guesses[^1]);
        Assert.Equal(HttpStatusCode.OK, gridOperator.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, guesserWithTheSecret.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_are_ignored_unless_a_proxy_is_trusted()
    {
        await using var host = await AuthTestHost.StartAsync();

        var guesses = await GuessVectorSecretAsync(host, from: "203.0.113.9");
        // The header is a caller's claim: without a trusted proxy both requests come from the connection's address.
        using var otherAddress = await VectorTokenAsync(host, from: "198.51.100.20");

        Assert.Equal(HttpStatusCode.TooManyRequests, guesses[^1]);
        Assert.Equal(HttpStatusCode.TooManyRequests, otherAddress.StatusCode);
    }

    [Fact]
    public void Trusted_proxy_settings_name_every_bad_entry()
    {
        var options = new TrustedProxyOptions { KnownProxies = ["10.0.0.7", "proxy.local"], KnownNetworks = ["10.0.0.0/8", "10.0.0.0/99"], ForwardLimit = 0 };

        Assert.Equal(
        [
            "Gateway:ForwardedHeaders:KnownProxies:1: must be an IP address",
            "Gateway:ForwardedHeaders:KnownNetworks:1: must be a network in CIDR notation, e.g. 10.0.0.0/8",
            "Gateway:ForwardedHeaders:ForwardLimit: must be between 1 and 10",
        ], options.Validate());
        Assert.False(new TrustedProxyOptions().Enabled);
    }

    private static async Task<List<HttpStatusCode>> GuessVectorSecretAsync(AuthTestHost host, string from)
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= FleetAuthentication.TokenRequestsPerWindow; i++)
        {
            using var guess = await VectorTokenAsync(host, from, secret: $"guess-{i}-0123456789abcdefghijklmnopqrstuv");
            statuses.Add(guess.StatusCode);
        }
        return statuses;
    }

    private static Task<HttpResponseMessage> VectorTokenAsync(AuthTestHost host, string from, string secret = VectorSecret)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, FleetAuthentication.TokenPath)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials", ["client_id"] = VectorClientId, ["client_secret"] = secret,
            }),
        };
        request.Headers.Add("X-Forwarded-For", from);
        return host.Http.SendAsync(request);
    }
}
