using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// OAuth client-credentials access tokens per token request (token URL, client id, scope, authentication style and the
/// headers sent there: whatever could make the CP issue another token), reused until shortly before they expire
/// (by the injected clock) and fetched single-flight: concurrent senders share one request to the token endpoint.
/// Failures are not cached; the next send asks again.
/// </summary>
internal sealed class OscpTokenCache(
    OscpTokenEndpoint endpoint,
    TimeProvider time,
    OscpClientMetrics metrics,
    IOptionsMonitor<OscpClientOptions> options,
    ILogger<OscpTokenCache> logger)
{
    /// <summary>How long a token without <c>expires_in</c> is reused; a 401 refreshes it sooner anyway.</summary>
    public static readonly TimeSpan LifetimeWhenUnknown = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TokenKey, Slot> _slots = new();

    /// <summary>A valid access token, from the cache or fetched now.</summary>
    public async Task<TokenFetch> GetAsync(OAuthClientCredentials credentials, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(Key(credentials), static _ => new Slot());
        Task<TokenFetch> pending;
        lock (slot)
        {
            if (slot.AccessToken is { } token && time.GetUtcNow() < slot.RefreshAt)
            {
                return TokenFetch.Success(token);
            }

            // A finished fetch is never reused: on success the token is already in the slot, on failure we ask again.
            if (slot.Pending is null || slot.Pending.IsCompleted)
            {
                slot.Pending = FetchAsync(slot, credentials);
            }

            pending = slot.Pending;
        }

        // The shared fetch is not cancelled by one caller giving up; only this caller's wait is.
        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> after a 401, unless another sender already replaced it.</summary>
    public void Invalidate(OAuthClientCredentials credentials, string rejectedToken)
    {
        if (_slots.TryGetValue(Key(credentials), out var slot))
        {
            lock (slot)
            {
                if (slot.AccessToken == rejectedToken)
                {
                    slot.AccessToken = null;
                }
            }
        }
    }

    /// <summary>Reuse a token until min(30 s, 10 % of its lifetime) before it expires, so it never expires in flight.</summary>
    public static TimeSpan ReuseFor(TimeSpan lifetime) =>
        lifetime - TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 10));

    private async Task<TokenFetch> FetchAsync(Slot slot, OAuthClientCredentials credentials)
    {
        // Yield so the fetch never runs inline under the slot's lock.
        await Task.Yield();
        var requestedAt = time.GetUtcNow();
        var answer = await endpoint.RequestAsync(credentials, options.CurrentValue.TokenRequestTimeout).ConfigureAwait(false);
        metrics.TokenFetch(credentials.TokenUrl, answer.Fetch.IsSuccess ? null : answer.Fetch.FailureOutcome);
        if (!answer.Fetch.IsSuccess)
        {
            OscpClientLog.TokenFetchFailed(
                logger, credentials.TokenUrl.Host, credentials.ClientId, OscpClientMetrics.Name(answer.Fetch.FailureOutcome), answer.Fetch.Error ?? "");
            return answer.Fetch;
        }

        var reuseFor = ReuseFor(answer.Lifetime ?? LifetimeWhenUnknown);
        lock (slot)
        {
            slot.AccessToken = answer.Fetch.AccessToken;
            slot.RefreshAt = requestedAt + reuseFor;
        }

        OscpClientLog.TokenFetched(logger, credentials.TokenUrl.Host, credentials.ClientId, reuseFor);
        return answer.Fetch;
    }

    private static TokenKey Key(OAuthClientCredentials credentials) => new(
        credentials.TokenUrl.AbsoluteUri,
        credentials.ClientId,
        credentials.Scope,
        credentials.AuthStyle,
        string.Concat(credentials.TokenRequestHeaders.Select(h => $"{h.Key}\0{h.Value}\n")));

    // The secret is left out: it authenticates the same client, so a token fetched before a rotation stays good. The
    // header values may be secrets; the key is never printed.
    private readonly record struct TokenKey(string TokenUrl, string ClientId, string? Scope, OAuthClientAuthStyle AuthStyle, string Headers);

    private sealed class Slot
    {
        public string? AccessToken { get; set; }

        public DateTimeOffset RefreshAt { get; set; }

        public Task<TokenFetch>? Pending { get; set; }
    }
}
