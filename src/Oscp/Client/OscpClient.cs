using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Journal;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// Sends OSCP 2.0 messages to a peer (docs/protocol.md, "How we read the CP's answers"): validates them,
/// authenticates (a static token, or an OAuth token refreshed once on a 401), posts them through a short retry/timeout pipeline with a new
/// <c>X-Request-ID</c> per attempt, and classifies the answer into an <see cref="OscpSendOutcome"/>. Never throws
/// for the peer's behaviour; longer back-off is the caller's. Registered as a typed HttpClient by
/// <see cref="OscpClientRegistration.AddOscpClient"/>.
/// </summary>
public sealed class OscpClient
{
    private readonly HttpClient _http;
    private readonly OscpTokenCache _tokens;
    private readonly OscpClientMetrics _metrics;
    private readonly ILogger<OscpClient> _logger;
    private readonly TimeProvider _clock;
    private readonly IOscpMessageJournal? _journal;

    internal OscpClient(HttpClient http, OscpTokenCache tokens, OscpClientMetrics metrics, ILogger<OscpClient> logger, TimeProvider clock, IOscpMessageJournal? journal)
    {
        _http = http;
        _tokens = tokens;
        _metrics = metrics;
        _logger = logger;
        _clock = clock;
        _journal = journal;
    }

    /// <summary>Validates and posts <paramref name="message"/> to <paramref name="peer"/>.</summary>
    /// <param name="peer">Where and how.</param>
    /// <param name="message">An OSCP wire record (e.g. <see cref="Heartbeat"/>).</param>
    /// <param name="correlationId">Sent as <c>X-Correlation-ID</c> (the request id this message answers), when given.</param>
    /// <param name="onAttempt">
    /// Called with the <c>X-Request-ID</c> of every HTTP attempt just before it goes on the wire (on a thread-pool
    /// thread): the peer may answer it before this call returns.
    /// </param>
    /// <param name="cancellationToken">Cancels the send; then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an OSCP message type.</exception>
    public async Task<OscpSendResult> SendAsync<T>(OscpPeerEndpoint peer, T message, string? correlationId = null, Action<string>? onAttempt = null, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(message);
        var kind = OscpMessageKinds.Of<T>();
        var validation = OscpValidator.Validate(message, peer.Profile);
        OscpSendResult result;
        if (validation.IsValid)
        {
            var body = OscpJson.SerializeToUtf8Bytes(message);
            var (at, started) = (_clock.GetUtcNow(), Stopwatch.GetTimestamp());
            result = await DeliverAsync(peer, kind, body, correlationId, onAttempt, cancellationToken).ConfigureAwait(false);
            Journal(peer, kind, body, correlationId, result, at, started);
        }
        else
        {
            result = new OscpSendResult(OscpSendOutcome.Rejected, null, "", null, $"not sent, invalid {kind.Path()}: {validation}");
        }
        _metrics.Request(peer.PeerId, kind, result.Outcome);
        if (result.IsDelivered)
        {
            OscpClientLog.Delivered(_logger, kind.Path(), peer.PeerId, result.StatusCode, result.RequestId);
        }
        else
        {
            OscpClientLog.NotDelivered(_logger, kind.Path(), peer.PeerId, OscpClientMetrics.Name(result.Outcome), result.StatusCode, result.RequestId, result.Error);
        }

        return result;
    }

    /// <summary>
    /// Sends OSCP 2.0 Register with <paramref name="method"/>: POST or PUT with <paramref name="register"/> (validated
    /// first), DELETE with no body (<paramref name="register"/> null).
    /// </summary>
    /// <exception cref="ArgumentException">A method other than POST, PUT or DELETE, or a body that does not fit the method.</exception>
    public async Task<OscpSendResult> SendRegisterAsync(OscpPeerEndpoint peer, HttpMethod method, Register? register, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(method);
        if (method != HttpMethod.Post && method != HttpMethod.Put && method != HttpMethod.Delete)
            throw new ArgumentException("Register is sent with POST, PUT or DELETE.", nameof(method));
        if ((method == HttpMethod.Delete) != (register is null))
            throw new ArgumentException("DELETE carries no body; POST and PUT carry the Register.", nameof(register));
        OscpSendResult result;
        var (at, started) = (_clock.GetUtcNow(), Stopwatch.GetTimestamp());
        if (register is null)
        {
            result = await DeliverAsync(peer, OscpMessageKind.Register, null, null, null, cancellationToken, method).ConfigureAwait(false);
            Journal(peer, OscpMessageKind.Register, null, null, result, at, started);
        }
        else
        {
            var validation = OscpValidator.Validate(register, peer.Profile);
            if (validation.IsValid)
            {
                // The journal redacts the body's token before it is stored (JournalBodies).
                var body = OscpJson.SerializeToUtf8Bytes(register);
                result = await DeliverAsync(peer, OscpMessageKind.Register, body, null, null, cancellationToken, method).ConfigureAwait(false);
                Journal(peer, OscpMessageKind.Register, body, null, result, at, started);
            }
            else
            {
                result = new OscpSendResult(OscpSendOutcome.Rejected, null, "", null, $"not sent, invalid register: {validation}");
            }

            // Our own token travels in the body: a peer echoing it must not put it into a log or the operator API.
            result = result with
            {
                ResponseBody = SecretRedaction.Redact(result.ResponseBody, register.Token),
                Error = SecretRedaction.Redact(result.Error, register.Token),
            };
        }

        _metrics.Request(peer.PeerId, OscpMessageKind.Register, result.Outcome);
        if (result.IsDelivered)
            OscpClientLog.Delivered(_logger, OscpMessageKind.Register.Path(), peer.PeerId, result.StatusCode, result.RequestId);
        else
            OscpClientLog.NotDelivered(_logger, OscpMessageKind.Register.Path(), peer.PeerId, OscpClientMetrics.Name(result.Outcome), result.StatusCode, result.RequestId, result.Error);
        return result;
    }

    private async Task<OscpSendResult> DeliverAsync(OscpPeerEndpoint peer, OscpMessageKind kind, byte[]? body, string? correlationId, Action<string>? onAttempt, CancellationToken cancellationToken, HttpMethod? method = null)
    {
        method ??= HttpMethod.Post;
        var url = peer.UrlFor(kind);
        var auth = await AuthorizeAsync(peer.Credentials, cancellationToken).ConfigureAwait(false);
        if (!auth.IsSuccess)
        {
            return new OscpSendResult(auth.FailureOutcome, null, "", null, auth.Error);
        }

        var answer = await OscpPost.SendAsync(_http, peer, method, url, body, correlationId, Header(peer.Credentials, auth.AccessToken), onAttempt, cancellationToken).ConfigureAwait(false);
        var refreshed = false;
        if (answer.StatusCode == 401 && peer.Credentials is OAuthClientCredentials oauth && !peer.NotConnectedStatuses.Contains(401))
        {
            // The CP may have revoked or rotated our token before its expiry: one fresh token, one more try.
            OscpClientLog.RefreshingToken(_logger, peer.PeerId, kind.Path(), answer.RequestId);
            _tokens.Invalidate(oauth, auth.AccessToken);
            var fresh = await _tokens.GetAsync(oauth, cancellationToken).ConfigureAwait(false);
            if (!fresh.IsSuccess)
            {
                return new OscpSendResult(fresh.FailureOutcome, answer.StatusCode, answer.RequestId, null, fresh.Error);
            }

            auth = fresh;
            refreshed = true;
            answer = await OscpPost.SendAsync(_http, peer, method, url, body, correlationId, Header(peer.Credentials, auth.AccessToken), onAttempt, cancellationToken).ConfigureAwait(false);
        }

        var result = Classify(answer, peer.NotConnectedStatuses, refreshed);
        var secret = SecretRedaction.SecretOf(peer.Credentials);
        return result with
        {
            ResponseBody = SecretRedaction.Redact(result.ResponseBody, secret, auth.AccessToken),
            Error = SecretRedaction.Redact(result.Error, secret, auth.AccessToken),
        };
    }

    /// <summary>Records a send that reached the wire (it has a request id) in the message journal, if there is one.</summary>
    private void Journal(OscpPeerEndpoint peer, OscpMessageKind kind, byte[]? body, string? correlationId, OscpSendResult result, DateTimeOffset at, long started)
    {
        if (_journal is null || string.IsNullOrEmpty(result.RequestId)) return;
        var kept = body is null ? ReadOnlyMemory<byte>.Empty : body.AsMemory(0, Math.Min(body.Length, JournalBodies.MaxBodyBytes));
        _journal.Record(new OscpJournalEntry(
            at, JournalDirections.Out, peer.PeerId, null, kind.Path(), result.RequestId, correlationId, result.StatusCode,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, kept, body is not null && body.Length > kept.Length));
    }

    private async Task<TokenFetch> AuthorizeAsync(OscpCredentials credentials, CancellationToken cancellationToken) => credentials switch
    {
        StaticToken token => TokenFetch.Success(token.Token),
        OAuthClientCredentials oauth => await _tokens.GetAsync(oauth, cancellationToken).ConfigureAwait(false),
        _ => throw new NotSupportedException($"Unknown credentials {credentials.GetType().Name}."),
    };

    private static AuthenticationHeaderValue Header(OscpCredentials credentials, string? token) =>
        new(credentials is StaticToken ? "Token" : "Bearer", token);

    private static OscpSendResult Classify(OscpAnswer answer, IReadOnlyCollection<int> notConnectedStatuses, bool refreshed)
    {
        if (answer.StatusCode is not { } status)
        {
            return new OscpSendResult(OscpSendOutcome.Retryable, null, answer.RequestId, null, answer.Failure);
        }

        var (outcome, error) = status switch
        {
            >= 200 and < 300 => (OscpSendOutcome.Delivered, (string?)null),
            _ when notConnectedStatuses.Contains(status) => (OscpSendOutcome.NotConnected, $"HTTP {status}: the peer is not connected (handshake first)"),
            401 => (OscpSendOutcome.Unauthorized, refreshed ? "HTTP 401 again after fetching a new OAuth token" : "HTTP 401: the peer refused our token"),
            408 or 429 or >= 500 => (OscpSendOutcome.Retryable, $"HTTP {status}: transient failure at the peer"),
            _ => (OscpSendOutcome.Rejected, $"HTTP {status}: the peer rejected the message"),
        };
        return new OscpSendResult(outcome, status, answer.RequestId, outcome == OscpSendOutcome.Delivered ? null : answer.Body, error);
    }
}
