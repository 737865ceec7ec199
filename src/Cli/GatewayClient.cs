using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace OscpFleet.Cli;

/// <summary>
/// The operator API over HTTP: one client-credentials token from the gateway's <c>/oauth/token</c> (Duende.IdentityModel),
/// then the calls with it as a bearer token. Safe methods (GET) are retried on transport errors, 408, 429 and 5xx with a
/// short jittered back-off (Microsoft.Extensions.Http.Resilience, as the product's own OSCP client); POSTs are not.
/// Every failure becomes a <see cref="CliFailure"/> with its exit code and the API's problem text.
/// </summary>
public sealed class GatewayClient : IDisposable
{
    /// <summary>How long one attempt may take until the answer's headers (a streamed export then runs as long as it needs).</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(100);

    private readonly HttpClient http;
    private readonly GatewaySettings settings;
    private string? token;

    /// <summary>A client of the gateway in <paramref name="settings"/>.</summary>
    public GatewayClient(GatewaySettings settings)
    {
        this.settings = settings;
        var retry = new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
        };
        retry.DisableForUnsafeHttpMethods();
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(retry)
            .AddTimeout(AttemptTimeout)
            .Build();
        var handler = new ResilienceHandler(pipeline) { InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false } };
        http = new HttpClient(handler) { BaseAddress = settings.BaseUrl, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("oscpfleet", typeof(GatewayClient).Assembly.GetName().Version?.ToString(3)));
    }

    /// <summary>GETs <paramref name="path"/> (relative, no leading slash) and returns its JSON.</summary>
    public async Task<JsonElement> GetJsonAsync(string path, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseContentRead, cancellation);
        return await ReadJsonAsync(response, cancellation);
    }

    /// <summary>POSTs <paramref name="content"/> (or nothing) to <paramref name="path"/> and returns its JSON.</summary>
    public async Task<JsonElement> PostAsync(string path, Func<HttpContent?> content, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = content() }, HttpCompletionOption.ResponseContentRead, cancellation);
        return await ReadJsonAsync(response, cancellation);
    }

    /// <summary>GETs <paramref name="path"/> and copies the body to <paramref name="destination"/> as it arrives; returns the bytes copied.</summary>
    public async Task<long> StreamAsync(string path, Stream destination, CancellationToken cancellation)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), HttpCompletionOption.ResponseHeadersRead, cancellation);
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellation);
            var counting = new CountingStream(destination);
            await body.CopyToAsync(counting, cancellation);
            return counting.Written;
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            // The gateway cuts the connection when storage fails mid-stream: a partial export must not look complete.
            throw new CliFailure(ExitCodes.Unreachable, $"the export was cut off before its end ({e.Message}); what was written is incomplete", e);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> request, HttpCompletionOption completion, CancellationToken cancellation)
    {
        token ??= await RequestTokenAsync(cancellation);
        using var message = request();
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, completion, cancellation);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException && !cancellation.IsCancellationRequested)
        {
            throw Unreachable(e);
        }

        if (response.IsSuccessStatusCode) return response;
        using (response)
        {
            var problem = await ProblemText.ReadAsync(response, cancellation);
            var status = (int)response.StatusCode;
            var code = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? ExitCodes.Auth : ExitCodes.Refused;
            throw new CliFailure(code, $"{message.Method} /{message.RequestUri}: {status} {problem}");
        }
    }

    private async Task<string> RequestTokenAsync(CancellationToken cancellation)
    {
        using var request = new ClientCredentialsTokenRequest
        {
            Address = new Uri(settings.BaseUrl, "oauth/token").AbsoluteUri,
            ClientId = settings.ClientId,
            ClientSecret = settings.ClientSecret,
            ClientCredentialStyle = ClientCredentialStyle.PostBody,
        };
        using var response = await http.RequestClientCredentialsTokenAsync(request, cancellation);
        if (!response.IsError && !string.IsNullOrEmpty(response.AccessToken)) return response.AccessToken;
        if (response.ErrorType == ResponseErrorType.Exception || response.HttpResponse is null)
            throw Unreachable(response.Exception);
        var status = (int)response.HttpStatusCode;
        // 400 invalid_client / unauthorized_client / invalid_scope and 401 are the credentials; 429 and 5xx are the gateway.
        var code = status is 400 or 401 or 403 ? ExitCodes.Auth : ExitCodes.Refused;
        // The body names the OAuth error (invalid_client, …) or the problem (429); IdentityModel's Error may be only the reason phrase.
        var what = ProblemText.Summarize(response.Raw) is { Length: > 0 } text ? text : response.Error ?? "no error text";
        throw new CliFailure(code, $"the gateway refused the credentials of client '{settings.ClientId}': {status} {what}");
    }

    private CliFailure Unreachable(Exception? e) =>
        new(ExitCodes.Unreachable, $"the gateway at {settings.BaseUrl} could not be reached: {Describe(e)}", e ?? new HttpRequestException());

    private static string Describe(Exception? e) => e switch
    {
        null => "no answer",
        TaskCanceledException or TimeoutException or Polly.Timeout.TimeoutRejectedException => $"no answer within {AttemptTimeout.TotalSeconds:0} s",
        HttpRequestException { InnerException: { } inner } => inner.Message,
        _ => e.Message,
    };

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        var text = await response.Content.ReadAsStringAsync(cancellation);
        if (string.IsNullOrWhiteSpace(text)) return default;
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new CliFailure(ExitCodes.Refused, $"the gateway answered {(int)response.StatusCode} with a body that is not JSON: {ProblemText.Summarize(text)}");
        }
    }

    /// <summary>A JSON body.</summary>
    public static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    /// <inheritdoc />
    public void Dispose() => http.Dispose();
}
