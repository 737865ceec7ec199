using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The simulated CSMS's calls to OscpFleet: a bearer token per call (refreshed once on a 401), one record per
/// attempt, and — for calls that must arrive — retries with capped exponential back-off on the simulator's clock.
/// </summary>
internal sealed class FleetGateway(
    IHttpClientFactory httpClientFactory,
    FleetTokenCache tokens,
    FleetSimulatorOptions options,
    RecordLog<GatewayCall> calls,
    EventSequence sequence,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<FleetGateway> logger)
{
    /// <summary>The named HttpClient for API calls.</summary>
    public const string HttpClientName = "OscpFleet.Simulator.Fleet";

    /// <summary>1 s doubling to 60 s, the product's own back-off (<see cref="Oscp.Retry.Backoff"/>).</summary>
    private static readonly Oscp.Retry.Backoff Retry = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

    /// <summary>The longest wait between attempts.</summary>
    public static TimeSpan MaxBackoff => Retry.Max;

    private const int MaxBodyChars = 2000;

    public FleetCredentials Operator => new(options.OperatorClientId ?? "", options.OperatorClientSecret ?? "", "operator");

    public FleetCredentials Csms => new(options.CsmsClientId!, options.CsmsClientSecret!, "csms");

    /// <summary>The gateway URL of <paramref name="path"/>, keeping any path prefix of <c>FleetBaseUrl</c>.</summary>
    public static Uri Url(FleetSimulatorOptions options, string path) => new(options.FleetBaseUrl.TrimEnd('/') + path);

    /// <summary>1 s, 2 s, 4 s, … capped at <see cref="MaxBackoff"/>. No jitter: a simulator's runs should repeat exactly.</summary>
    public static TimeSpan Backoff(int attempt) => Retry.Step(Math.Max(1, attempt));

    /// <summary>Success, or a refusal that will not change by retrying (a 4xx other than 401, 408 and 429).</summary>
    public static bool IsFinal(GatewayCall call) => call.Succeeded || call.Status is >= 400 and < 500 and not (401 or 408 or 429);

    /// <summary>
    /// Sends until the answer is final (see <see cref="IsFinal"/>); every attempt is recorded. Null when
    /// <paramref name="stillWanted"/> says, before an attempt, that the call no longer matters. <paramref name="settle"/>
    /// applies the final answer to the simulator's state before it is recorded, so whoever waits for the record sees
    /// the state that follows from it.
    /// </summary>
    public async Task<GatewayCall?> DeliverAsync(
        GatewayRequest request, Func<bool>? stillWanted, CancellationToken cancellationToken, Action<GatewayCall>? settle = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (stillWanted is not null && !stillWanted()) return null;
            var call = await SendOnceAsync(request, attempt, cancellationToken).ConfigureAwait(false);
            if (IsFinal(call))
            {
                settle?.Invoke(call);
                calls.Add(call);
                return call;
            }

            var delay = Backoff(attempt);
            // The timer exists before the record does: a test that saw this attempt can advance the clock past the back-off.
            var wait = Task.Delay(delay, time, cancellationToken);
            calls.Add(call with { RetryAt = time.GetUtcNow() + delay });
            FleetSimulatorLog.Retrying(logger, request.Kind, request.Path, call.Error, attempt, delay.TotalSeconds);
            await wait.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One attempt (its token refresh included), recorded. <paramref name="settle"/> applies the answer to the
    /// simulator's state and may amend the record (e.g. when the next try is due) before it appears, so whoever waits
    /// for the record sees the state that follows from it.
    /// </summary>
    public async Task<GatewayCall> SendRecordedAsync(GatewayRequest request, CancellationToken cancellationToken, Func<GatewayCall, GatewayCall>? settle = null)
    {
        var call = await SendOnceAsync(request, 1, cancellationToken).ConfigureAwait(false);
        if (settle is not null) call = settle(call);
        calls.Add(call);
        return call;
    }

    private async Task<GatewayCall> SendOnceAsync(GatewayRequest request, int attempt, CancellationToken cancellationToken)
    {
        var sentAt = time.GetUtcNow();
        var grant = await tokens.GetAsync(request.Credentials, cancellationToken).ConfigureAwait(false);
        var answer = grant.AccessToken is { } token ? await PostAsync(request, token, cancellationToken).ConfigureAwait(false) : (null, null, grant.Error);
        if (answer.Status == 401 && grant.AccessToken is { } rejected)
        {
            // The gateway may have rotated its signing key: one fresh token, one more try.
            tokens.Invalidate(request.Credentials, rejected);
            grant = await tokens.GetAsync(request.Credentials, cancellationToken).ConfigureAwait(false);
            if (grant.AccessToken is { } fresh) answer = await PostAsync(request, fresh, cancellationToken).ConfigureAwait(false);
            else answer = (null, null, grant.Error);
        }

        return new GatewayCall(
            sequence.Next(), request.Kind, request.GroupId, request.Version, attempt, request.Method.Method, request.Path, request.JsonBody,
            sentAt, answer.Status, answer.Body, answer.Error, RetryAt: null);
    }

    private async Task<(int? Status, string? Body, string? Error)> PostAsync(GatewayRequest request, string token, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(request.Method, Url(options, request.Path));
        if (request.JsonBody is not null) message.Content = new StringContent(request.JsonBody, Encoding.UTF8, "application/json");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var http = httpClientFactory.CreateClient(HttpClientName);
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode) return (status, null, null);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return (status, body.Length > MaxBodyChars ? body[..MaxBodyChars] + "…" : body, $"HTTP {status}");
        }
        catch (HttpRequestException e)
        {
            return (null, null, e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, null, "timed out");
        }
    }
}
