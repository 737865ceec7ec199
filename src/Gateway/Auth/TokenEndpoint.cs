namespace OscpFleet.Gateway.Auth;

/// <summary><c>POST /oauth/token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4).</summary>
internal sealed class TokenEndpoint(
    TokenClientRegistry clients, TokenIssuer issuer, TokenRateLimiting limiter, AuthMetrics metrics, ILogger<TokenEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var (request, error) = await TokenRequestReader.ReadAsync(context.Request, context.RequestAborted);
        // Counted before the secret is checked, so the window bounds guesses; a refused request never reaches the hash.
        var knownClient = request is not null && clients.IsKnown(request.ClientId) ? request.ClientId : null;
        var address = context.Connection.RemoteIpAddress;
        if (limiter.TryAcquire(TokenRateLimiting.PartitionOf(knownClient, address)) is { } retryAfter)
        {
            metrics.Rejected("rate_limited");
            logger.TokenRequestsThrottled(knownClient ?? "(unknown client)", address?.ToString() ?? "unknown");
            await TokenRateLimiting.WriteThrottledAsync(context, retryAfter);
            return;
        }
        if (request is null)
        {
            await RefuseAsync(context, error!, clientId: null);
            return;
        }
        var client = clients.Authenticate(request.ClientId, request.ClientSecret);
        if (client is null)
        {
            await RefuseAsync(context, TokenError.InvalidClient(request.UsedBasic), clients.IsKnown(request.ClientId) ? request.ClientId : null);
            return;
        }
        if (!TryGrant(client, request.Scope, out var scopes))
        {
            await RefuseAsync(context, TokenError.InvalidScope(), client.ClientId);
            return;
        }
        var token = issuer.Issue(client, scopes);
        metrics.Issued(client.KindLabel);
        logger.TokenIssued(client.ClientId, client.KindLabel, token.Scope, token.ExpiresAt);
        await OAuthResponses.WriteTokenAsync(context.Response, token);
    }

    /// <summary>
    /// No <c>scope</c> grants everything the client has. A client of our own API (<see cref="TokenClientKind.Client"/>)
    /// must ask for a subset, else <c>invalid_scope</c>. A capacity provider (<see cref="TokenClientKind.Peer"/>) asking
    /// for a scope it does not hold gets what it holds of the request, or its own scope when that is nothing: RFC 6749
    /// §3.3 lets the server narrow the scope, and the answer's <c>scope</c> says what was granted. A CP's client library
    /// often sends the scope its own platform uses, which must not cost it the connection.
    /// </summary>
    private static bool TryGrant(TokenClient client, string? requested, out IReadOnlyList<string> scopes)
    {
        if (requested is null)
        {
            scopes = client.Scopes;
            return true;
        }
        var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal).ToList();
        if (client.Kind == TokenClientKind.Peer)
        {
            var held = asked.Where(s => client.Scopes.Contains(s, StringComparer.Ordinal)).ToList();
            scopes = held.Count > 0 ? held : client.Scopes;
            return true;
        }
        scopes = asked;
        return asked.Count > 0 && asked.All(s => client.Scopes.Contains(s, StringComparer.Ordinal));
    }

    private Task RefuseAsync(HttpContext context, TokenError error, string? clientId)
    {
        metrics.Rejected(error.Error);
        logger.TokenRequestRefused(error.Error, error.Description, clientId);
        return OAuthResponses.WriteErrorAsync(context.Response, error);
    }
}
