using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Bearer tokens from the gateway's <c>/oauth/token</c> per client and scope: the product's own client-credentials
/// request (<see cref="OscpTokenEndpoint"/>, credentials in the form body) and token cache (<see cref="OAuthTokenCache"/>:
/// reused until shortly before they expire, single flight), on the simulator's clock.
/// </summary>
internal sealed class FleetTokenCache
{
    /// <summary>The named HttpClient for token requests.</summary>
    public const string HttpClientName = "OscpFleet.Simulator.Fleet.Token";

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly FleetSimulatorOptions _options;
    private readonly OscpTokenEndpoint _endpoint;
    private readonly ILogger<FleetTokenCache> _logger;
    private readonly OAuthTokenCache _cache;

    public FleetTokenCache(
        IHttpClientFactory httpClientFactory,
        FleetSimulatorOptions options,
        [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
        ILogger<FleetTokenCache> logger)
    {
        _options = options;
        _endpoint = new OscpTokenEndpoint(httpClientFactory, HttpClientName);
        _logger = logger;
        _cache = new OAuthTokenCache(time, FetchAsync);
    }

    public Uri TokenUrl => FleetGateway.Url(_options, "/oauth/token");

    public async Task<TokenGrant> GetAsync(FleetCredentials credentials, CancellationToken cancellationToken)
    {
        var fetch = await _cache.GetAsync(OAuth(credentials), cancellationToken).ConfigureAwait(false);
        return fetch.IsSuccess ? new TokenGrant(fetch.AccessToken, null) : new TokenGrant(null, Describe(credentials.ClientId, credentials.Scope, fetch));
    }

    /// <summary>Forgets <paramref name="rejected"/> after a 401, unless another caller already replaced it.</summary>
    public void Invalidate(FleetCredentials credentials, string rejected) => _cache.Invalidate(OAuth(credentials), rejected);

    // The product's text (secret already redacted), naming the client and scope: the simulator asks as several clients.
    private static string Describe(string clientId, string? scope, TokenFetch fetch) => $"{clientId} ({scope}): {fetch.Error}";

    private OAuthClientCredentials OAuth(FleetCredentials credentials) =>
        new(TokenUrl, credentials.ClientId, credentials.ClientSecret, credentials.Scope);

    private async Task<TokenAnswer> FetchAsync(OAuthClientCredentials credentials)
    {
        var answer = await _endpoint.RequestAsync(credentials, RequestTimeout).ConfigureAwait(false);
        if (answer.Fetch.IsSuccess)
        {
            var reuseFor = OAuthTokenCache.ReuseFor(answer.Lifetime ?? OAuthTokenCache.LifetimeWhenUnknown);
            FleetSimulatorLog.TokenFetched(_logger, credentials.ClientId, credentials.Scope ?? "", reuseFor.TotalSeconds);
        }
        else
        {
            FleetSimulatorLog.TokenFailed(_logger, Describe(credentials.ClientId, credentials.Scope, answer.Fetch));
        }

        return answer;
    }
}
