using System.Net;
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
}
