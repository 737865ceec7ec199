using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// <c>POST /token</c>: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) as Vector's token URL serves it,
/// credentials in the form body or HTTP Basic.
/// </summary>
internal static class CpTokenEndpoint
{
    public const string Path = "/token";

    public static void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, IssueAsync).ExcludeFromDescription();

    private static async Task<IResult> IssueAsync(HttpContext context, CpTokens tokens, ILogger<CpTokens> logger)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (!context.Request.HasFormContentType)
            return Error(StatusCodes.Status400BadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded");

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (!string.Equals(form["grant_type"], "client_credentials", StringComparison.Ordinal))
            return Error(StatusCodes.Status400BadRequest, "unsupported_grant_type", "only client_credentials is supported");

        var usedBasic = TryReadBasic(context.Request.Headers.Authorization, out var clientId, out var clientSecret);
        if (!usedBasic)
        {
            clientId = form["client_id"];
            clientSecret = form["client_secret"];
        }

        if (tokens.Refusing || !tokens.AreValidCredentials(clientId, clientSecret))
        {
            // RFC 6749 §5.2: a client that authenticated with Basic gets the scheme it should retry with.
            if (usedBasic) context.Response.Headers.WWWAuthenticate = "Basic realm=\"oscp-simulator\"";
            CpSimulatorLog.TokenRefused(logger, clientId ?? "(none)", tokens.Refusing);
            return Error(StatusCodes.Status401Unauthorized, "invalid_client", null);
        }

        var token = tokens.Issue();
        CpSimulatorLog.TokenIssued(logger, clientId!, (int)tokens.Lifetime.TotalSeconds);
        return Results.Json(new TokenResponse(token, "Bearer", (int)tokens.Lifetime.TotalSeconds), TokenJson.Default.TokenResponse);
    }

    private static bool TryReadBasic(string? header, out string? clientId, out string? clientSecret)
    {
        clientId = clientSecret = null;
        if (!AuthenticationHeaderValue.TryParse(header, out var value)
            || !string.Equals(value.Scheme, "Basic", StringComparison.OrdinalIgnoreCase)
            || value.Parameter is null)
            return false;
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0) return false;
            // RFC 6749 §2.3.1: both parts are form-url-encoded before Basic encoding.
            clientId = Uri.UnescapeDataString(decoded[..colon].Replace('+', ' '));
            clientSecret = Uri.UnescapeDataString(decoded[(colon + 1)..].Replace('+', ' '));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static IResult Error(int status, string error, string? description) =>
        Results.Json(new TokenError(error, description), TokenJson.Default.TokenError, statusCode: status);
}
