using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// The OSCP client's access tokens: an <see cref="OAuthTokenCache"/> (reuse, refresh margin, single flight) that asks
/// the peers' token endpoints through <see cref="OscpTokenEndpoint"/>, counting and logging every fetch.
/// </summary>
internal sealed class OscpTokenCache
{
    private readonly OscpTokenEndpoint _endpoint;
    private readonly OscpClientMetrics _metrics;
    private readonly IOptionsMonitor<OscpClientOptions> _options;
    private readonly ILogger<OscpTokenCache> _logger;
    private readonly OAuthTokenCache _cache;

    public OscpTokenCache(
        OscpTokenEndpoint endpoint,
        TimeProvider time,
        OscpClientMetrics metrics,
        IOptionsMonitor<OscpClientOptions> options,
        ILogger<OscpTokenCache> logger)
    {
        _endpoint = endpoint;
        _metrics = metrics;
        _options = options;
        _logger = logger;
        _cache = new OAuthTokenCache(time, FetchAsync);
    }

    /// <summary>A valid access token, from the cache or fetched now.</summary>
    public Task<TokenFetch> GetAsync(OAuthClientCredentials credentials, CancellationToken cancellationToken) =>
        _cache.GetAsync(credentials, cancellationToken);

    /// <summary>Forgets <paramref name="rejectedToken"/> after a 401, unless another sender already replaced it.</summary>
    public void Invalidate(OAuthClientCredentials credentials, string rejectedToken) => _cache.Invalidate(credentials, rejectedToken);

    private async Task<TokenAnswer> FetchAsync(OAuthClientCredentials credentials)
    {
        var answer = await _endpoint.RequestAsync(credentials, _options.CurrentValue.TokenRequestTimeout).ConfigureAwait(false);
        _metrics.TokenFetch(credentials.TokenUrl, answer.Fetch.IsSuccess ? null : answer.Fetch.FailureOutcome);
        if (answer.Fetch.IsSuccess)
        {
            OscpClientLog.TokenFetched(
                _logger, credentials.TokenUrl.Host, credentials.ClientId, OAuthTokenCache.ReuseFor(answer.Lifetime ?? OAuthTokenCache.LifetimeWhenUnknown));
        }
        else
        {
            OscpClientLog.TokenFetchFailed(
                _logger, credentials.TokenUrl.Host, credentials.ClientId, OscpClientMetrics.Name(answer.Fetch.FailureOutcome), answer.Fetch.Error ?? "");
        }

        return answer;
    }
}
