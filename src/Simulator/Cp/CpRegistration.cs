using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Registration;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Where the simulator's registration with the FP stands.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CpRegistrationState>))]
public enum CpRegistrationState
{
    /// <summary>Not registered (yet).</summary>
    None,

    /// <summary>A Register is under way.</summary>
    Pending,

    /// <summary>Tokens exchanged both ways.</summary>
    Registered,

    /// <summary>Refused for good, or a DELETE went either way.</summary>
    Unregistered,
}

/// <summary>
/// The simulator's registration: state, the FP's base URL, how many Registers went each way. The tokens are for tests
/// in the same process only: the control API never shows them.
/// </summary>
/// <param name="State">Where it stands.</param>
/// <param name="FpBaseUrl">The FP's OSCP 2.0 base URL from its Register.</param>
/// <param name="LastError">The last failure.</param>
/// <param name="TokenForFp">The token the FP must present to the simulator. Secret.</param>
/// <param name="TokenFromFp">The token the simulator presents to the FP. Secret.</param>
public sealed record CpRegistrationSnapshot(
    CpRegistrationState State,
    string? FpBaseUrl,
    string? LastError,
    [property: JsonIgnore] string? TokenForFp,
    [property: JsonIgnore] string? TokenFromFp)
{
    /// <inheritdoc />
    public override string ToString() => $"{nameof(CpRegistrationSnapshot)} {{ State = {State}, FpBaseUrl = {FpBaseUrl}, LastError = {LastError} }}";
}

/// <summary>
/// OSCP 2.0 Register as a plain OSCP CP plays it, both ways: the simulator's own <c>/oscp/cp/2.0/register</c> (POST with
/// its bootstrap token starts it; with the token it issued, the FP's reply or update; DELETE unregisters), and its
/// calls to the FP's <c>/register</c> (initiating with the FP's bootstrap token, replying, rotating with PUT,
/// unregistering with DELETE). Once registered it handshakes when configured to (<c>HandshakeOnStart</c>).
/// </summary>
internal sealed class CpRegistration(
    IServiceProvider services,
    CpSimulatorOptions options,
    CpConnection connection,
    IHostApplicationLifetime lifetime,
    ILogger<CpRegistration> logger)
{
    /// <summary>The route of the simulator's register endpoint.</summary>
    public const string Route = "/oscp/cp/2.0/register";

    private readonly Lock _gate = new();
    private CpRegistrationState _state = CpRegistrationState.None;
    private string? _tokenForFp;
    private string? _previousTokenForFp;
    private string? _tokenFromFp;
    private Uri? _fpBaseUrl;
    private bool _awaitingReply;
    private string? _lastError;
    private TaskCompletionSource _registered = NewSignal();

    /// <summary>True when the simulator exchanges its tokens with Register.</summary>
    public bool Enabled => options.Profile == PeerProfile.Oscp && options.Register.Enabled;

    /// <summary>Completes once registered; a new wait starts when it is no longer.</summary>
    public Task WhenRegistered
    {
        get
        {
            lock (_gate) return _registered.Task;
        }
    }

    /// <summary>The registration as it stands.</summary>
    public CpRegistrationSnapshot Snapshot()
    {
        lock (_gate) return new(_state, _fpBaseUrl?.ToString(), _lastError, _tokenForFp, _tokenFromFp);
    }

    /// <summary>True when <paramref name="token"/> is one the simulator issued to the FP and still takes (constant time).</summary>
    public bool IsInboundToken(string token)
    {
        string? current, previous;
        lock (_gate)
        {
            current = _tokenForFp;
            previous = _previousTokenForFp;
        }

        return Same(token, current) | Same(token, previous);
    }

    /// <summary>Where and how the simulator calls the FP once registered.</summary>
    /// <exception cref="InvalidOperationException">Not registered.</exception>
    public OscpPeerEndpoint Endpoint(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        lock (_gate)
        {
            if (_fpBaseUrl is null || _tokenFromFp is null)
                throw new InvalidOperationException("The simulator is not registered with the FP: it sends nothing until it is.");
            return new OscpPeerEndpoint(CpOutbound.FpPeerId, PeerProfile.Oscp, _fpBaseUrl, new StaticToken(_tokenFromFp))
            {
                DefaultPathPrefix = string.Empty,
                Headers = headers,
            };
        }
    }

    /// <summary>Sends the first Register to the FP with <c>Register:BootstrapTokenFromFp</c>; registered once the FP replies.</summary>
    /// <exception cref="InvalidOperationException">Not in Register mode, or no <c>Register:BootstrapTokenFromFp</c>.</exception>
    public async Task<OscpSendResult> InitiateAsync(CancellationToken cancellationToken)
    {
        if (!Enabled || string.IsNullOrEmpty(options.Register.BootstrapTokenFromFp))
            throw new InvalidOperationException("Registering needs Register mode and Simulator:Cp:Register:BootstrapTokenFromFp.");
        var ours = RegistrationTokens.Generate();
        lock (_gate)
        {
            _tokenForFp = ours;
            _previousTokenForFp = null;
            _tokenFromFp = null;
            _awaitingReply = true;
            SetState(CpRegistrationState.Pending);
        }

        var endpoint = new OscpPeerEndpoint(CpOutbound.FpPeerId, PeerProfile.Oscp, new Uri(options.FpBaseUrl!), new StaticToken(options.Register.BootstrapTokenFromFp!))
        {
            DefaultPathPrefix = OscpPeerEndpoint.FlexibilityProviderPathPrefix,
        };
        var result = await Client.SendRegisterAsync(endpoint, HttpMethod.Post, Ours(ours), cancellationToken).ConfigureAwait(false);
        if (!result.IsDelivered) Failed(result);
        Log("sent our initiating Register", result);
        return result;
    }

    /// <summary>Rotates (PUT): a new token for the FP; the FP's reply brings its new token. The old one works until then.</summary>
    public async Task<OscpSendResult> RotateAsync(CancellationToken cancellationToken)
    {
        var ours = RegistrationTokens.Generate();
        OscpPeerEndpoint endpoint;
        lock (_gate)
        {
            if (_state != CpRegistrationState.Registered) throw new InvalidOperationException("Not registered: nothing to rotate.");
            endpoint = Endpoint([]);
            _previousTokenForFp = _tokenForFp;
            _tokenForFp = ours;
            _awaitingReply = true;
        }

        var result = await Client.SendRegisterAsync(endpoint, HttpMethod.Put, Ours(ours), cancellationToken).ConfigureAwait(false);
        if (!result.IsDelivered)
        {
            lock (_gate)
            {
                _tokenForFp = _previousTokenForFp;
                _previousTokenForFp = null;
                _awaitingReply = false;
                _lastError = result.Error;
            }
        }

        Log("sent PUT Register (rotation)", result);
        return result;
    }

    /// <summary>Unregisters (DELETE): every token stops working both ways, and the connection is down.</summary>
    public async Task<OscpSendResult> UnregisterAsync(CancellationToken cancellationToken)
    {
        OscpPeerEndpoint endpoint;
        lock (_gate) endpoint = Endpoint([]);
        var result = await Client.SendRegisterAsync(endpoint, HttpMethod.Delete, null, cancellationToken).ConfigureAwait(false);
        if (result.IsDelivered) Forget();
        Log("sent DELETE Register", result);
        return result;
    }

    /// <summary>Handles a call to the simulator's <c>/register</c>; recorded (with the token masked) once answered.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var arrival = Sequence.Next();
        var receivedAt = Time.GetUtcNow();
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var (status, error, accepted, followUp) = Decide(request, body);
        var responseBody = error is null ? null : Oscp.Json.OscpJson.Serialize(error);
        var requestId = request.Headers["x-request-id"].FirstOrDefault();
        if (accepted is null) CpSimulatorLog.Refused(logger, OscpMessageKind.Register, requestId, status, error?.Message ?? "");
        else CpSimulatorLog.Received(logger, OscpMessageKind.Register, requestId);
        var headers = CpInbound.RecordedHeaders
            .Where(h => request.Headers.ContainsKey(h))
            .ToDictionary(h => h, h => string.Join(", ", request.Headers[h].ToArray()), StringComparer.OrdinalIgnoreCase);
        var recordedBody = accepted is Register register ? Oscp.Json.OscpJson.Serialize(register) : Encoding.UTF8.GetString(body);
        context.Response.OnCompleted(() =>
        {
            Received.Add(new ReceivedMessage(
                arrival, OscpMessageKind.Register, requestId, null, headers, recordedBody, accepted, receivedAt, status, responseBody,
                Time.GetUtcNow(), Sequence.Next(), $"{request.Method} register"));
            followUp?.Invoke();
            return Task.CompletedTask;
        });
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Token";
        if (responseBody is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responseBody, context.RequestAborted);
        }
    }

    // The answer to a call of /register: status, error body, what was accepted (the Register with its token masked, or
    // "DELETE"; null when refused) and what follows once the answer is out.
    private (int Status, OscpError? Error, object? Accepted, Action? FollowUp) Decide(HttpRequest request, byte[] body)
    {
        if (services.GetRequiredService<CpScript>().SilentAnswerStatus is { } silentStatus)
            return (silentStatus, new OscpError("the simulator is silent"), null, null);
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "Token ";
        var token = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : "";
        var bootstrap = Same(token, options.Register.BootstrapTokenForFp);
        if (!Enabled || (!bootstrap && !IsInboundToken(token)))
            return (StatusCodes.Status401Unauthorized, new OscpError("Authorization: Token <token> is required"), null, null);

        if (HttpMethods.IsDelete(request.Method))
        {
            if (bootstrap)
                return (StatusCodes.Status403Forbidden, new OscpError("a bootstrap token authorises only the first Register"), null, null);
            Forget();
            return (StatusCodes.Status204NoContent, null, "DELETE", null);
        }

        if (!Oscp.Validation.OscpValidator.TryRead<Register>(body, PeerProfile.Oscp, out var register, out var validation))
            return (StatusCodes.Status400BadRequest, validation.ToOscpError("invalid register body"), null, null);
        if (RegisterVersions.Choose(register.VersionUrl) is not { } version || RegisterVersions.TryBaseUrl(version) is not { } baseUrl)
            return (StatusCodes.Status501NotImplemented, new OscpError("no common version: the simulator speaks OSCP 2.0 only"), null, null);

        var method = HttpMethods.IsPut(request.Method) ? HttpMethod.Put : HttpMethod.Post;
        var masked = register with { Token = "***" };
        lock (_gate)
        {
            if (bootstrap)
            {
                if (_state == CpRegistrationState.Registered || method == HttpMethod.Put)
                    return (StatusCodes.Status403Forbidden, new OscpError("already registered: the bootstrap token is spent"), null, null);
                // The FP initiates: keep its token and URL, reply with one of ours once the 204 is out.
                var reply = RegistrationTokens.Generate();
                _tokenForFp = reply;
                _previousTokenForFp = null;
                _tokenFromFp = register.Token;
                _fpBaseUrl = baseUrl;
                _awaitingReply = false;
                SetState(CpRegistrationState.Pending);
                return (StatusCodes.Status204NoContent, null, masked, () => _ = ReplyInBackgroundAsync(method, reply));
            }

            if (_awaitingReply)
            {
                // The FP's reply to ours (initiation or rotation).
                _tokenFromFp = register.Token;
                _fpBaseUrl = baseUrl;
                _previousTokenForFp = null;
                _awaitingReply = false;
                var first = _state != CpRegistrationState.Registered;
                SetState(CpRegistrationState.Registered);
                return (StatusCodes.Status204NoContent, null, masked, first ? OnRegistered : null);
            }

            // The FP updates (rotation): reply with a new token of ours.
            var rotated = RegistrationTokens.Generate();
            _previousTokenForFp = _tokenForFp;
            _tokenForFp = rotated;
            _tokenFromFp = register.Token;
            _fpBaseUrl = baseUrl;
            return (StatusCodes.Status204NoContent, null, masked, () => _ = ReplyInBackgroundAsync(method, rotated));
        }
    }

    private RecordLog<ReceivedMessage> Received => services.GetRequiredService<RecordLog<ReceivedMessage>>();

    private EventSequence Sequence => services.GetRequiredService<EventSequence>();

    private TimeProvider Time => services.GetRequiredKeyedService<TimeProvider>(SimulatorClock.Key);

    private OscpClient Client => services.GetRequiredService<OscpClient>();

    private Register Ours(string token) =>
        RegisterVersions.Ours(token, services.GetRequiredService<CpSimulator>().BaseAddress.ToString(), OscpPeerEndpoint.CapacityProviderPathPrefix);

    /// <summary>How long the reply to the FP's Register is retried while the FP answers with a transient failure.</summary>
    public static readonly TimeSpan ReplyPatience = TimeSpan.FromMinutes(1);

    // As a CP would: a reply that meets a transient failure (the FP's gateway answers 503 until it has joined its
    // cluster, which on a loaded machine can outlast the client's quick retries) is sent again, a second apart, for up
    // to ReplyPatience (real time: the simulator's clock may be a test's fake one).
    private async Task ReplyInBackgroundAsync(HttpMethod method, string ours)
    {
        try
        {
            OscpPeerEndpoint endpoint;
            lock (_gate) endpoint = Endpoint([]);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            OscpSendResult result;
            while (true)
            {
                result = await Client.SendRegisterAsync(endpoint, method, Ours(ours), lifetime.ApplicationStopping).ConfigureAwait(false);
                Log("sent our reply Register", result);
                if (result.IsDelivered || result.Outcome != OscpSendOutcome.Retryable || System.Diagnostics.Stopwatch.GetElapsedTime(started) > ReplyPatience) break;
                await Task.Delay(TimeSpan.FromSeconds(1), lifetime.ApplicationStopping).ConfigureAwait(false);
            }

            if (!result.IsDelivered)
            {
                Failed(result);
                return;
            }

            bool first;
            lock (_gate)
            {
                _previousTokenForFp = null;
                first = _state != CpRegistrationState.Registered;
                SetState(CpRegistrationState.Registered);
            }

            if (first) OnRegistered();
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.Register, e);
        }
    }

    // Registered: handshake when configured to (the handshake the simulator would have sent at start-up).
    private void OnRegistered()
    {
        if (!options.HandshakeOnStart) return;
        _ = HandshakeInBackgroundAsync();
    }

    private async Task HandshakeInBackgroundAsync()
    {
        try
        {
            await services.GetRequiredService<CpHandshakes>().StartAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.Handshake, e);
        }
    }

    private void Forget()
    {
        lock (_gate)
        {
            _tokenForFp = null;
            _previousTokenForFp = null;
            _tokenFromFp = null;
            _fpBaseUrl = null;
            _awaitingReply = false;
            SetState(CpRegistrationState.Unregistered);
        }

        connection.Disconnect("unregistered");
        services.GetRequiredService<CpHeartbeats>().Restart(null);
    }

    private void Failed(OscpSendResult result)
    {
        lock (_gate)
        {
            _lastError = result.Error ?? $"HTTP {result.StatusCode}";
            _awaitingReply = false;
            SetState(CpRegistrationState.Unregistered);
        }
    }

    private void Log(string what, OscpSendResult result)
    {
        if (!result.IsDelivered) CpSimulatorLog.NotDelivered(logger, OscpMessageKind.Register, result.Outcome, result.StatusCode, result.Error);
        else CpSimulatorLog.RegisterSent(logger, what);
    }

    private void SetState(CpRegistrationState state)
    {
        if (state != CpRegistrationState.Registered && _registered.Task.IsCompleted) _registered = NewSignal();
        _state = state;
        if (state == CpRegistrationState.Registered)
        {
            _lastError = null;
            _registered.TrySetResult();
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static bool Same(string actual, string? expected) =>
        expected is not null && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(actual)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
