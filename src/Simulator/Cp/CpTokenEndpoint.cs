using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// <c>POST /token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) as Vector's token URL serves it,
/// credentials in the form body or HTTP Basic. Options make it stricter, for tests of the FP's client: one way of
/// presenting the credentials only (<see cref="CpSimulatorOptions.TokenAuthStyle"/>), a scope
/// (<see cref="CpSimulatorOptions.RequiredTokenScope"/>) and the static headers
/// (<see cref="CpSimulatorOptions.RequireHeadersOnTokenRequest"/>). Checked in that order, after the form and the grant type
/// and before the credentials themselves.
/// </summary>
internal static class CpTokenEndpoint
{
    public const string Path = "/token";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, IssueAsync).ExcludeFromDescription();

    private static async Task<IResult> IssueAsync(HttpContext context, CpTokens tokens, CpSimulatorOptions options, ILogger<CpTokens> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded");

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!string.Equals(form["grant_type"], "client_credentials", StringComparison.Ordinal))
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "only client_credentials is supported");

        // RFC 6749 §2.3.1 through the product's own reading; a Basic header it cannot read is a failed Basic login.
        var usedBasic = ClientSecretBasic.IsUsed(context.Request.Headers.Authorization);
        string? clientId, clientSecret;
        if (usedBasic)
        {
            var readable = ClientSecretBasic.TryRead(context.Request.Headers.Authorization, out var basicId, out var basicSecret);
            (clientId, clientSecret) = readable ? (basicId, basicSecret) : (null, null);
        }
        else
        {
            clientId = form["client_id"];
            clientSecret = form["client_secret"];
        }

        if (WrongAuthStyle(options.TokenAuthStyle, usedBasic) is { } style)
            // A Basic challenge also tells a client that used the body which scheme to use.
            return Refuse(context, logger, clientId, challenge: true, StatusCodes.Status401Unauthorized, "invalid_client", style);
        if (options.RequireHeadersOnTokenRequest && MissingHeader(context.Request, options) is { } header)
            return Refuse(context, logger, clientId, challenge: usedBasic, StatusCodes.Status401Unauthorized, "invalid_client", $"missing or wrong {header} header");

        if (tokens.Refusing || !tokens.AreValidCredentials(clientId, clientSecret))
        {
            // RFC 6749 §5.2: a client that authenticated with Basic gets the scheme it should retry with.
            if (usedBasic) context.Response.Headers.WWWAuthenticate = "Basic realm=\"oscp-simulator\"";
            CpSimulatorLog.TokenRefused(logger, clientId ?? "(none)", tokens.Refusing);
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", null);
        }

        var scope = form["scope"].ToString();
        if (MissingScope(options.RequiredTokenScope, scope) is { } missing)
            return Refuse(context, logger, clientId, challenge: false, StatusCodes.Status400BadRequest, "invalid_scope", $"the scope must include {missing}");

        var token = tokens.Issue();
        CpSimulatorLog.TokenIssued(logger, clientId!, (int)tokens.Lifetime.TotalSeconds);
        return Results.Json(
            new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds, scope.Length == 0 ? null : scope), TokenJson.Default.TokenResponse);
    }

    private static string? WrongAuthStyle(string required, bool usedBasic) => required.ToLowerInvariant() switch
    {
        CpSimulatorOptions.BasicTokenAuthStyle when !usedBasic => "client_secret_basic is required (HTTP Basic, not the form body)",
        CpSimulatorOptions.BodyTokenAuthStyle when usedBasic => "client_secret_post is required (the form body, not HTTP Basic)",
        _ => null,
    };

    // The same static headers an OSCP call must carry (CpAdmission); names only, never a value.
    private static string? MissingHeader(HttpRequest request, CpSimulatorOptions options) =>
        new (string Name, string? Expected)[] { ("fp-id", options.FpId), ("apikey", options.ApiKey), ("x-access-token", options.AccessToken) }
            .Where(h => !string.IsNullOrEmpty(h.Expected))
            .FirstOrDefault(h => request.Headers[h.Name] is not { Count: 1 } values || !string.Equals(values[0], h.Expected, StringComparison.Ordinal))
            .Name;

    // Every required scope token must be among the requested ones (RFC 6749 §3.3: space-delimited, order free).
    private static string? MissingScope(string? required, string requested)
    {
        if (string.IsNullOrEmpty(required)) return null;
        var asked = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var missing = required.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(r => !asked.Contains(r, StringComparer.Ordinal)).ToList();
        return missing.Count == 0 ? null : string.Join(' ', missing);
    }

    private static IResult Refuse(HttpContext context, ILogger logger, string? clientId, bool challenge, int status, string error, string description)
    {
        // RFC 6749 §5.2: a client that authenticated with Basic gets the scheme it should retry with.
        if (challenge) context.Response.Headers.WWWAuthenticate = "Basic realm=\"oscp-simulator\"";
        CpSimulatorLog.TokenRequestRefused(logger, clientId ?? "(none)", description);
        return Error(status, error, description);
    }

    private static IResult Error(int status, string error, string? description) =>
        Results.Json(new TokenError(error, description), TokenJson.Default.TokenError, statusCode: status);
}
