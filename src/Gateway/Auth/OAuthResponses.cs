using System.Text.Json.Nodes;

namespace OscpFleet.Gateway.Auth;

/// <summary>Writes the token endpoint's JSON answers (RFC 6749 §5.1 and §5.2).</summary>
internal static class OAuthResponses
{
    /// <summary>The realm of the Basic challenge on a failed client authentication.</summary>
    public const string BasicChallenge = "Basic realm=\"oscpfleet\"";

    public static Task WriteTokenAsync(HttpResponse response, IssuedToken token) =>
        WriteAsync(response, StatusCodes.Status200OK, new JsonObject
        {
            ["access_token"] = token.AccessToken,
            ["token_type"] = "Bearer",
            ["expires_in"] = token.ExpiresIn,
            ["scope"] = token.Scope,
        });

    public static Task WriteErrorAsync(HttpResponse response, TokenError error)
    {
        if (error.BasicChallenge) response.Headers.WWWAuthenticate = BasicChallenge;
        return WriteAsync(response, error.Status, new JsonObject
        {
            ["error"] = error.Error,
            ["error_description"] = error.Description,
        });
    }

    /// <summary>Token answers must never be cached by the client or a proxy (§5.1); errors follow suit.</summary>
    public static void PreventCaching(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers.Pragma = "no-cache";
    }

    private static Task WriteAsync(HttpResponse response, int status, JsonObject body)
    {
        response.StatusCode = status;
        PreventCaching(response);
        response.ContentType = "application/json;charset=UTF-8";
        return response.WriteAsync(body.ToJsonString(), response.HttpContext.RequestAborted);
    }
}
