using Microsoft.Net.Http.Headers;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Gateway.Auth;

/// <summary>Reads a client-credentials request (RFC 6749 §4.4.2) with the client authenticated per §2.3.1
/// (<see cref="ClientSecretBasic"/>).</summary>
internal static class TokenRequestReader
{
    private const string GrantType = "grant_type";
    private const string ClientIdParameter = "client_id";
    private const string ClientSecretParameter = "client_secret";
    private const string ScopeParameter = "scope";
    private static readonly string[] Parameters = [GrantType, ClientIdParameter, ClientSecretParameter, ScopeParameter];

    public static async Task<(TokenRequest? Request, TokenError? Error)> ReadAsync(HttpRequest request, CancellationToken cancellation)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            return (null, TokenError.InvalidRequest("the body must be application/x-www-form-urlencoded"));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellation);
        }
        catch (InvalidDataException)
        {
            return (null, TokenError.InvalidRequest("the form body is malformed"));
        }

        // §3.2: parameters must not be included more than once.
        foreach (var name in Parameters)
        {
            if (form[name].Count > 1) return (null, TokenError.InvalidRequest($"{name} is repeated"));
        }
        var grantType = form[GrantType].ToString();
        if (grantType.Length == 0) return (null, TokenError.InvalidRequest("grant_type is required"));
        if (grantType != "client_credentials") return (null, TokenError.UnsupportedGrantType());

        var scope = form[ScopeParameter].ToString();
        var bodyId = form[ClientIdParameter].ToString();
        var bodySecret = form[ClientSecretParameter].ToString();
        var header = request.Headers.Authorization;
        if (header.Count == 0)
        {
            return bodyId.Length == 0 || bodySecret.Length == 0
                ? (null, TokenError.InvalidClient(usedBasic: false))
                : (new TokenRequest(bodyId, bodySecret, NullIfEmpty(scope), UsedBasic: false), null);
        }

        if (!ClientSecretBasic.TryRead(header, out var basicId, out var basicSecret)) return (null, TokenError.InvalidClient(usedBasic: true));
        // §2.3: one authentication method per request. A client_id repeated in the body is tolerated when it agrees,
        // as several client libraries send it that way.
        if (bodySecret.Length > 0 || (bodyId.Length > 0 && bodyId != basicId))
            return (null, TokenError.InvalidRequest("client credentials must be sent either in the Authorization header or in the body, not both"));
        return (new TokenRequest(basicId, basicSecret, NullIfEmpty(scope), UsedBasic: true), null);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
