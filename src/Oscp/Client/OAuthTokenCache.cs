using System.Collections.Concurrent;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// OAuth client-credentials access tokens (RFC 6749 §4.4) per token request — token URL, client id, scope,
/// authentication style and the headers sent there: whatever could make the server issue another token — reused until
/// shortly before they expire (<see cref="ReuseFor"/>, by the injected clock) and fetched single-flight: concurrent
/// callers share one request to the token endpoint, and one caller giving up does not cancel it. Failures are not
/// cached; the next call asks again. The product's OSCP client and the simulated CSMS both keep their tokens here.
/// </summary>
public sealed class OAuthTokenCache
{
    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<TokenKey, Slot> _slots = new();
    private readonly TimeProvider _time;
    private readonly Func<OAuthClientCredentials, Task<TokenAnswer>> _fetch;

    /// <summary>A cache on <paramref name="time"/> that asks <paramref name="fetch"/> (e.g. <see cref="OscpTokenEndpoint.RequestAsync"/>) for new tokens.</summary>
    /// <param name="time">The clock token lifetimes are measured on.</param>
    /// <param name="fetch">One token request; it should not throw (a failure is a <see cref="TokenFetch"/> too).</param>
    public OAuthTokenCache(TimeProvider time, Func<OAuthClientCredentials, Task<TokenAnswer>> fetch)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(fetch);
        _time = time;
        _fetch = fetch;
    }

    /// <summary>How long a token without <c>expires_in</c> is taken to live (5 min); a 401 refreshes it sooner anyway.</summary>
    public static TimeSpan LifetimeWhenUnknown { get; } = TimeSpan.FromMinutes(5);

    /// <summary>Reuse a token until min(30 s, 10 % of its lifetime) before it expires, so it never expires in flight.</summary>
    public static TimeSpan ReuseFor(TimeSpan lifetime) =>
        lifetime - TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 10));

    /// <summary>A valid access token, from the cache or fetched now; or the failure of the fetch.</summary>
    public async Task<TokenFetch> GetAsync(OAuthClientCredentials credentials, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var slot = _slots.GetOrAdd(Key(credentials), static _ => new Slot());
        Task<TokenFetch> pending;
        lock (slot)
        {
            if (slot.AccessToken is { } token && _time.GetUtcNow() < slot.RefreshAt)
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

    /// <summary>Forgets <paramref name="rejectedToken"/> after a 401, unless another caller already replaced it.</summary>
    public void Invalidate(OAuthClientCredentials credentials, string rejectedToken)
    {
        ArgumentNullException.ThrowIfNull(credentials);
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

    private async Task<TokenFetch> FetchAsync(Slot slot, OAuthClientCredentials credentials)
    {
        // Yield so the fetch never runs inline under the slot's lock.
        await Task.Yield();
        var requestedAt = _time.GetUtcNow();
        var answer = await _fetch(credentials).ConfigureAwait(false);
        if (!answer.Fetch.IsSuccess)
        {
            return answer.Fetch;
        }

        lock (slot)
        {
            slot.AccessToken = answer.Fetch.AccessToken;
            slot.RefreshAt = requestedAt + ReuseFor(answer.Lifetime ?? LifetimeWhenUnknown);
        }

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
