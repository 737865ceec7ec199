using System.Collections.Concurrent;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Bearer tokens from the gateway's <c>/oauth/token</c> (client credentials, in the form body, as
/// <c>src/Oscp/Client</c> asks them) per client and scope, reused until shortly before they expire by the
/// simulator's clock, fetched one at a time per client so concurrent callers share one request.
/// </summary>
internal sealed class FleetTokenCache(
    IHttpClientFactory httpClientFactory,
    FleetSimulatorOptions options,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<FleetTokenCache> logger)
{
    /// <summary>The named HttpClient for token requests.</summary>
    public const string HttpClientName = "OscpFleet.Simulator.Fleet.Token";

    /// <summary>How long a token without <c>expires_in</c> is reused; a 401 refreshes it sooner anyway.</summary>
    public static readonly TimeSpan LifetimeWhenUnknown = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan MaxRefreshMargin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<(string ClientId, string Scope), Slot> _slots = new();

    public Uri TokenUrl => FleetGateway.Url(options, "/oauth/token");

    public async Task<TokenGrant> GetAsync(FleetCredentials credentials, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd((credentials.ClientId, credentials.Scope), static _ => new Slot());
        await slot.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (slot.Token is { } cached && time.GetUtcNow() < slot.RefreshAt) return new TokenGrant(cached, null);
            var requestedAt = time.GetUtcNow();
            using var http = httpClientFactory.CreateClient(HttpClientName);
            using var response = await http.RequestClientCredentialsTokenAsync(
                new ClientCredentialsTokenRequest
                {
                    Address = TokenUrl.AbsoluteUri,
                    ClientId = credentials.ClientId,
                    ClientSecret = credentials.ClientSecret,
                    Scope = credentials.Scope,
                    ClientCredentialStyle = ClientCredentialStyle.PostBody,
                },
                cancellationToken).ConfigureAwait(false);
            if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
            {
                var status = response.HttpResponse is null ? "no answer" : $"HTTP {(int)response.HttpStatusCode}";
                var error = $"token request for {credentials.ClientId} ({credentials.Scope}) failed: {status} {response.Error}"
                    .Replace(credentials.ClientSecret, "***", StringComparison.Ordinal);
                FleetSimulatorLog.TokenFailed(logger, error);
                return new TokenGrant(null, error);
            }

            var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : LifetimeWhenUnknown;
            slot.Token = response.AccessToken;
            slot.RefreshAt = requestedAt + lifetime - TimeSpan.FromTicks(Math.Min(MaxRefreshMargin.Ticks, lifetime.Ticks / 10));
            FleetSimulatorLog.TokenFetched(logger, credentials.ClientId, credentials.Scope, (slot.RefreshAt - requestedAt).TotalSeconds);
            return new TokenGrant(slot.Token, null);
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="rejected"/> after a 401, unless another caller already replaced it.</summary>
    public void Invalidate(FleetCredentials credentials, string rejected)
    {
        if (!_slots.TryGetValue((credentials.ClientId, credentials.Scope), out var slot)) return;
        // Interlocked rather than the gate: a caller holding the gate for a slow fetch must not block this.
        Interlocked.CompareExchange(ref slot.Token, null, rejected);
    }

    private sealed class Slot
    {
        public readonly SemaphoreSlim Gate = new(1, 1);
        public string? Token;
        public DateTimeOffset RefreshAt;
    }
}
