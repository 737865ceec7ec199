using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// One OAuth 2.0 client-credentials request (RFC 6749 §4.4) through Duende.IdentityModel: the credentials in the form
/// body or as HTTP Basic (§2.3.1), the scope and the static headers when the credentials say so; turned into a token or a
/// classified failure whose text never holds the secret. The product asks peers' token endpoints with it, the simulated
/// CSMS the gateway's <c>/oauth/token</c>.
/// </summary>
/// <param name="httpClientFactory">Where the HttpClient comes from.</param>
/// <param name="httpClientName">The named HttpClient to use (redirects should be off: a POST must not become a GET).</param>
public sealed class OscpTokenEndpoint(IHttpClientFactory httpClientFactory, string httpClientName)
{
    /// <summary>
    /// Asks for a token within <paramref name="timeout"/>. Never throws for the network or the endpoint's answer: a
    /// transport error, a timeout, 408, 429 and 5xx are <see cref="OscpSendOutcome.Retryable"/>, any other refusal
    /// <see cref="OscpSendOutcome.Unauthorized"/>.
    /// </summary>
    public async Task<TokenAnswer> RequestAsync(OAuthClientCredentials credentials, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var host = credentials.TokenUrl.Host;
        using var timeoutSource = new CancellationTokenSource(timeout);
        using var http = httpClientFactory.CreateClient(httpClientName);
        TokenResponse response;
        try
        {
            using var request = Request(credentials);
            response = await http.RequestClientCredentialsTokenAsync(request, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
        {
            // IdentityModel normally reports these in the response; this is the belt to its braces.
            return Failed(OscpSendOutcome.Retryable, host, Describe(e), credentials);
        }

        using (response)
        {
            if (!response.IsError && !string.IsNullOrEmpty(response.AccessToken))
            {
                var lifetime = response.ExpiresIn > 0 ? TimeSpan.FromSeconds(response.ExpiresIn) : (TimeSpan?)null;
                return new TokenAnswer(TokenFetch.Success(response.AccessToken), lifetime);
            }

            var status = response.HttpResponse is null ? 0 : (int)response.HttpStatusCode;
            if (response.ErrorType == ResponseErrorType.Exception || status == 0)
            {
                return Failed(OscpSendOutcome.Retryable, host, Describe(response.Exception), credentials);
            }

            if (!response.IsError)
            {
                return Failed(OscpSendOutcome.Retryable, host, $"HTTP {status} without an access_token", credentials);
            }

            // 408, 429 and 5xx may pass; anything else (400 invalid_request, 401 invalid_client, 404) is our configuration.
            var outcome = status is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests or >= 500
                ? OscpSendOutcome.Retryable
                : OscpSendOutcome.Unauthorized;
            return Failed(outcome, host, $"HTTP {status}{OAuthError(response)}", credentials);
        }
    }

    private static ClientCredentialsTokenRequest Request(OAuthClientCredentials credentials)
    {
        var request = new ClientCredentialsTokenRequest
        {
            Address = credentials.TokenUrl.AbsoluteUri,
            ClientId = credentials.ClientId,
            ClientSecret = credentials.ClientSecret,
            Scope = credentials.Scope,
            ClientCredentialStyle = credentials.AuthStyle == OAuthClientAuthStyle.Basic
                ? ClientCredentialStyle.AuthorizationHeader
                : ClientCredentialStyle.PostBody,
            // RFC 6749 §2.3.1: id and secret are form-urlencoded before they are joined (not RFC 2617's raw bytes).
            AuthorizationHeaderStyle = BasicAuthenticationHeaderStyle.Rfc6749,
        };
        foreach (var (name, value) in credentials.TokenRequestHeaders)
        {
            // The client owns Authorization (Basic) and the form's content headers; a static one must not add a second value.
            if (!OscpHeaders.IsReserved(name))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }

    private static TokenAnswer Failed(OscpSendOutcome outcome, string host, string detail, OAuthClientCredentials credentials) =>
        new(TokenFetch.Failure(outcome, SecretRedaction.Redact($"token request to {host} failed: {detail}", credentials.ClientSecret)!), null);

    private static string Describe(Exception? e) => e switch
    {
        null => "no answer",
        OperationCanceledException => "timed out",
        _ when e.InnerException is { } inner => $"{e.Message} ({inner.Message})",
        _ => e.Message,
    };

    // The RFC 6749 §5.2 error code and description, when the endpoint sent a JSON error body.
    private static string OAuthError(TokenResponse response)
    {
        if (response.Json is not { ValueKind: JsonValueKind.Object } json)
        {
            return "";
        }

        var error = json.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? " " + e.GetString() : "";
        var description = json.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? $" ({d.GetString()})" : "";
        return error + description;
    }
}
