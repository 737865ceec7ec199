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
    public async Task<OscpSendResult> InitiateAsync(CancellationToken cancellationToken)
    {
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

    /// <summary>Handles a call to the simulator's <c>/register</c>.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        const string Scheme = "Token ";
        var token = authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : "";
        var bootstrap = Same(token, options.Register.BootstrapTokenForFp);
        if (!Enabled || (!bootstrap && !IsInboundToken(token)))
        {
            await AnswerAsync(context, StatusCodes.Status401Unauthorized, "Authorization: Token <token> is required");
            return;
        }

        if (HttpMethods.IsDelete(request.Method))
        {
            if (bootstrap)
            {
                await AnswerAsync(context, StatusCodes.Status403Forbidden, "a bootstrap token authorises only the first Register");
                return;
            }

            Forget();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        if (!Oscp.Validation.OscpValidator.TryRead<Register>(buffer.ToArray(), PeerProfile.Oscp, out var register, out var validation))
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, "invalid register body", validation.Errors);
            return;
        }

        if (RegisterVersions.Choose(register.VersionUrl) is not { } version || RegisterVersions.TryBaseUrl(version) is not { } baseUrl)
        {
            await AnswerAsync(context, StatusCodes.Status501NotImplemented, "no common version: the simulator speaks OSCP 2.0 only");
            return;
        }

        string? reply = null;
        var method = HttpMethods.IsPut(request.Method) ? HttpMethod.Put : HttpMethod.Post;
        var registered = false;
        lock (_gate)
        {
            if (bootstrap)
            {
                if (_state == CpRegistrationState.Registered || method == HttpMethod.Put)
                {
                    reply = "";
                }
                else
                {
                    // The FP initiates: keep its token and URL, reply with one of ours once the 204 is out.
                    reply = RegistrationTokens.Generate();
                    _tokenForFp = reply;
                    _previousTokenForFp = null;
                    _tokenFromFp = register.Token;
                    _fpBaseUrl = baseUrl;
                    _awaitingReply = false;
                    SetState(CpRegistrationState.Pending);
                }
            }
            else if (_awaitingReply)
            {
                // The FP's reply to ours (initiation or rotation).
                _tokenFromFp = register.Token;
                _fpBaseUrl = baseUrl;
                _previousTokenForFp = null;
                _awaitingReply = false;
                registered = _state != CpRegistrationState.Registered;
                SetState(CpRegistrationState.Registered);
            }
            else
            {
                // The FP updates (rotation): reply with a new token of ours.
                reply = RegistrationTokens.Generate();
                _previousTokenForFp = _tokenForFp;
                _tokenForFp = reply;
                _tokenFromFp = register.Token;
                _fpBaseUrl = baseUrl;
            }
        }

        if (reply == "")
        {
            await AnswerAsync(context, StatusCodes.Status403Forbidden, "already registered: the bootstrap token is spent");
            return;
        }

        CpSimulatorLog.Received(logger, OscpMessageKind.Register, request.Headers["x-request-id"].FirstOrDefault());
        context.Response.OnCompleted(() =>
        {
            if (reply is not null) _ = ReplyInBackgroundAsync(method, reply);
            else if (registered) OnRegistered();
            return Task.CompletedTask;
        });
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private OscpClient Client => services.GetRequiredService<OscpClient>();

    private Register Ours(string token) =>
        RegisterVersions.Ours(token, services.GetRequiredService<CpSimulator>().BaseAddress.ToString(), OscpPeerEndpoint.CapacityProviderPathPrefix);

    private async Task ReplyInBackgroundAsync(HttpMethod method, string ours)
    {
        try
        {
            OscpPeerEndpoint endpoint;
            lock (_gate) endpoint = Endpoint([]);
            var result = await Client.SendRegisterAsync(endpoint, method, Ours(ours), lifetime.ApplicationStopping).ConfigureAwait(false);
            Log("sent our reply Register", result);
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

    private static Task AnswerAsync(HttpContext context, int status, string message, IReadOnlyList<string>? errors = null)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Token";
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Oscp.Json.OscpJson.Serialize(new OscpError(message, errors)), context.RequestAborted);
    }
}
