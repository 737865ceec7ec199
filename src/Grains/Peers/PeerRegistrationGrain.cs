using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Registration;
using Orleans.Placement;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// OSCP 2.0 Register of one <c>oscp</c> peer, both directions (see <see cref="IPeerRegistrationGrain"/>). Its own
/// state, apart from the connection's; it tells the <see cref="IPeerGrain"/> where and with which token to call the CP
/// (<see cref="IPeerGrain.UseRegistrationAsync"/>) and when the CP unregistered. A one-second timer sends what is due
/// by the product clock: our initiating Register (retried with back-off) and, should the gateway die before sending
/// it, our reply.
/// </summary>
[GrainType("peer-registration")]
// Its state is stored as JSON, which Orleans cannot carry: a migration (a silo retiring) would fail and hold up the stop.
[Immovable]
public sealed partial class PeerRegistrationGrain(
    [PersistentState("peer-registration", FleetStorage.Control)] IPersistentState<PeerRegistrationState> stored,
    [FromKeyedServices(FleetClock.Key)] TimeProvider clock,
    OscpClient client,
    IOptionsMonitor<OscpOptions> options,
    ILogger<PeerRegistrationGrain> logger) : Grain, IPeerRegistrationGrain
{
    /// <summary>How long the gateway has to send our reply after its 204 before the timer sends it.</summary>
    public static readonly TimeSpan ReplyFallbackDelay = TimeSpan.FromSeconds(2);

    private const string Post = "POST";
    private const string Put = "PUT";
    private static readonly TimeSpan TickPeriod = TimeSpan.FromSeconds(1);
    private TokenProtector? protector;
    private bool undecryptable;

    private PeerRegistrationState State => stored.State;

    private string PeerId => this.GetPrimaryKeyString();

    private DateTimeOffset Now => clock.GetUtcNow();

    private PeerOptions Config => options.CurrentValue.Peers.TryGetValue(PeerId, out var peer)
        ? peer
        : throw new InvalidOperationException($"peer '{PeerId}' is not configured (Oscp:Peers:{PeerId})");

    private TokenProtector Protector => protector ??= TokenProtector.FromBase64(options.CurrentValue.Registration.EncryptionKeys);

    private IPeerGrain Peer => GrainFactory.GetGrain<IPeerGrain>(PeerId);

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.SchemaVersion > PeerRegistrationState.CurrentSchemaVersion)
            throw new InvalidOperationException($"peer registration schema {State.SchemaVersion} is newer than this build understands ({PeerRegistrationState.CurrentSchemaVersion})");
        // Never call the peer grain here: it reads our endpoint while it activates.
        this.RegisterGrainTimer(_ => TickAsync(), new object(), new GrainTimerCreationOptions
        {
            DueTime = TickPeriod,
            Period = TickPeriod,
            Interleave = false,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<RegisterOutcome> ReceiveRegisterAsync(RegisterReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var now = Now;
        if (receipt.WithBootstrapToken)
        {
            if (receipt.Method != Post) return RegisterOutcome.NotAllowed;
            if (State.State == RegistrationState.Registered) return RegisterOutcome.AlreadyRegistered;
            // The CP initiates (should ours be under way, the CP's wins: it will not answer ours any more).
            var ours = RegistrationTokens.Generate();
            State.ForgetTokens();
            State.InboundTokenHash = RegistrationTokens.Hash(ours);
            KeepCp(receipt);
            OweReply(Post, ours, now);
            State.InitiatedBy = "cp";
            State.LastError = null;
            State.MoveTo(RegistrationState.Pending, now);
            await stored.WriteStateAsync();
            LogReceived(PeerId, "initiating Register (bootstrap token)");
            // The CP may handshake the moment our reply reaches it: the connection must be able to acknowledge by then.
            await Peer.UseRegistrationAsync(Endpoint());
            return RegisterOutcome.ReplyDue;
        }

        if (State.AwaitingReply)
        {
            // Authenticated with the token of our initiating Register: this is the CP's reply.
            KeepCp(receipt);
            State.AwaitingReply = false;
            State.SendDone();
            State.LastError = null;
            State.TokensRotatedAt = now;
            State.MoveTo(RegistrationState.Registered, now);
            await stored.WriteStateAsync();
            LogRegistered(PeerId, "the CP replied to our Register");
            await Peer.UseRegistrationAsync(Endpoint());
            return RegisterOutcome.Completed;
        }

        if (State.State is RegistrationState.Registered or RegistrationState.Pending && State.InboundTokenHash is not null)
        {
            // An update (PUT, or POST again) with the CP's current token: new tokens both ways; its old one works until our reply is out.
            var ours = RegistrationTokens.Generate();
            State.PreviousInboundTokenHash ??= State.InboundTokenHash;
            State.InboundTokenHash = RegistrationTokens.Hash(ours);
            KeepCp(receipt);
            OweReply(receipt.Method == Put ? Put : Post, ours, now);
            await stored.WriteStateAsync();
            LogReceived(PeerId, $"{receipt.Method} Register (rotation)");
            await Peer.UseRegistrationAsync(Endpoint());
            return RegisterOutcome.ReplyDue;
        }

        return RegisterOutcome.NotAllowed;
    }

    /// <inheritdoc />
    public async Task ReceiveUnregisterAsync()
    {
        State.ForgetTokens();
        State.LastError = null;
        State.MoveTo(RegistrationState.Unregistered, Now);
        await stored.WriteStateAsync();
        LogUnregistered(PeerId);
        await Peer.UnregisteredAsync();
    }

    /// <inheritdoc />
    public Task SendPendingReplyAsync() =>
        State.SendMethod is not null && !State.SendInitiates ? SendAsync() : Task.CompletedTask;

    /// <inheritdoc />
    public Task<bool> AuthenticatesAsync(string tokenHash)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        var candidate = Encoding.ASCII.GetBytes(tokenHash);
        // Both compared, in constant time, whichever matches.
        var current = Matches(candidate, State.InboundTokenHash);
        var previous = Matches(candidate, State.PreviousInboundTokenHash);
        return Task.FromResult(current | previous);
    }

    /// <inheritdoc />
    public Task<RegisteredEndpoint?> GetEndpointAsync() => Task.FromResult(Endpoint());

    /// <inheritdoc />
    public Task<RegistrationView> GetStatusAsync() => Task.FromResult(new RegistrationView
    {
        State = State.State,
        Since = State.StateSince,
        LastError = State.LastError,
        TokensRotatedAt = State.TokensRotatedAt,
        InitiatedBy = State.InitiatedBy,
    });

    /// <inheritdoc />
    public async Task EnsureRunningAsync()
    {
        var config = Config;
        // Start (again) only with nothing stored or after a failure; after the CP's DELETE only its bootstrap token starts again.
        if (!config.Register.Initiate || State.State is not (RegistrationState.None or RegistrationState.Failed)) return;
        var ours = RegistrationTokens.Generate();
        State.ForgetTokens();
        State.InboundTokenHash = RegistrationTokens.Hash(ours);
        State.SendMethod = Post;
        State.SendInitiates = true;
        State.SendTokenProtected = Protector.Protect(ours);
        State.NextSendAt = Now;
        State.InitiatedBy = "us";
        State.LastError = null;
        State.MoveTo(RegistrationState.Pending, Now);
        await stored.WriteStateAsync();
        LogInitiating(PeerId);
    }

    /// <inheritdoc />
    public async Task TickAsync()
    {
        if (State.SendMethod is not null && State.NextSendAt <= Now)
        {
            await SendAsync();
        }
        else if (State.OutboundTokenProtected is { } stale && Protector.NeedsRewrite(stale) && !undecryptable)
        {
            // A new encryption key came first: rewrite under it, so the old one can be retired.
            try
            {
                State.OutboundTokenProtected = Protector.Protect(Protector.Unprotect(stale));
                await stored.WriteStateAsync();
            }
            catch (CryptographicException)
            {
                // Its key is gone: say so once, not every second.
                undecryptable = true;
                LogUndecryptable(PeerId);
            }
        }
    }

    private async Task SendAsync()
    {
        var method = State.SendMethod!;
        var initiates = State.SendInitiates;
        var register = RegisterVersions.Ours(
            Protector.Unprotect(State.SendTokenProtected!), options.CurrentValue.PublicBaseUrl!, OscpPeerEndpoint.FlexibilityProviderPathPrefix);
        var endpoint = initiates
            ? OscpPeerEndpoint.ForBootstrap(PeerId, Config)
            : OscpPeerEndpoint.FromRegistration(PeerId, Config, new Uri(State.CpBaseUrl!), Protector.Unprotect(State.OutboundTokenProtected!));
        var result = await client.SendRegisterAsync(endpoint, method == Put ? HttpMethod.Put : HttpMethod.Post, register);
        var now = Now;
        if (result.IsDelivered)
        {
            State.SendDone();
            State.LastError = null;
            if (initiates)
            {
                State.AwaitingReply = true;
                LogSent(PeerId, "our Register; waiting for the CP's reply");
                await stored.WriteStateAsync();
                return;
            }

            State.PreviousInboundTokenHash = null;
            State.TokensRotatedAt = now;
            var wasRegistered = State.State == RegistrationState.Registered;
            State.MoveTo(RegistrationState.Registered, now);
            await stored.WriteStateAsync();
            LogRegistered(PeerId, wasRegistered ? "tokens rotated" : "our reply was accepted");
            if (!wasRegistered) await Peer.UseRegistrationAsync(Endpoint());
            return;
        }

        var error = result.StatusCode is { } status ? $"{result.Outcome} ({status}){(result.Error is null ? "" : ": " + result.Error)}" : $"{result.Outcome}: {result.Error}";
        if (result.StatusCode == 501 || result.Outcome is OscpSendOutcome.Rejected or OscpSendOutcome.Unauthorized or OscpSendOutcome.NotConnected)
        {
            // Final: no common version, or the CP refuses our Register; retrying would only hammer it.
            var reason = result.StatusCode == 501 ? $"no common version: the CP answered 501 to our {method} Register" : $"the CP refused our {method} Register: {error}";
            var wasRegistered = State.State == RegistrationState.Registered;
            State.ForgetTokens();
            State.LastError = $"{now:O} {reason}";
            State.MoveTo(RegistrationState.Failed, now);
            await stored.WriteStateAsync();
            LogFailed(PeerId, reason);
            if (wasRegistered) await Peer.UnregisteredAsync();
            else await Peer.UseRegistrationAsync(null);
            return;
        }

        State.SendFailed(now, error, Random.Shared.NextDouble());
        await stored.WriteStateAsync();
        LogRetrying(PeerId, error, State.NextSendAt);
    }

    private void KeepCp(RegisterReceipt receipt)
    {
        State.OutboundTokenProtected = Protector.Protect(receipt.Token);
        State.CpBaseUrl = receipt.BaseUrl.ToString();
    }

    private void OweReply(string method, string ours, DateTimeOffset now)
    {
        State.AwaitingReply = false;
        State.SendMethod = method;
        State.SendInitiates = false;
        State.SendTokenProtected = Protector.Protect(ours);
        State.SendAttempts = 0;
        // The gateway sends it right after its 204; the timer only once it had time to.
        State.NextSendAt = now + ReplyFallbackDelay;
    }

    // Null also when the CP's token cannot be decrypted (its key was removed from Oscp:Registration:EncryptionKeys too
    // early): we cannot call the CP then, but the connection must still activate and take the CP's calls.
    private RegisteredEndpoint? Endpoint()
    {
        if (State.OutboundTokenProtected is not { } token || State.CpBaseUrl is not { } url) return null;
        try
        {
            return new RegisteredEndpoint(new Uri(url), Protector.Unprotect(token), State.State == RegistrationState.Registered);
        }
        catch (CryptographicException)
        {
            LogUndecryptable(PeerId);
            return null;
        }
    }

    private static bool Matches(byte[] candidate, string? hash) =>
        hash is not null && CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(hash));

    [LoggerMessage(1201, LogLevel.Information, "Peer {PeerId}: received {What}")]
    private partial void LogReceived(string peerId, string what);

    [LoggerMessage(1202, LogLevel.Information, "Peer {PeerId}: registered ({How})")]
    private partial void LogRegistered(string peerId, string how);

    [LoggerMessage(1203, LogLevel.Warning, "Peer {PeerId}: the CP unregistered; its token and ours no longer work")]
    private partial void LogUnregistered(string peerId);

    [LoggerMessage(1204, LogLevel.Information, "Peer {PeerId}: registering with the CP (Register:Initiate)")]
    private partial void LogInitiating(string peerId);

    [LoggerMessage(1205, LogLevel.Information, "Peer {PeerId}: sent {What}")]
    private partial void LogSent(string peerId, string what);

    [LoggerMessage(1206, LogLevel.Error, "Peer {PeerId}: registration failed ({Reason}); no retries")]
    private partial void LogFailed(string peerId, string reason);

    [LoggerMessage(1208, LogLevel.Error, "Peer {PeerId}: the CP's stored token cannot be decrypted with Oscp:Registration:EncryptionKeys (was its key removed?); we cannot call the CP until it registers again")]
    private partial void LogUndecryptable(string peerId);

    [LoggerMessage(1207, LogLevel.Warning, "Peer {PeerId}: Register not delivered ({Error}); next attempt at {NextAttempt:O}")]
    private partial void LogRetrying(string peerId, string error, DateTimeOffset? nextAttempt);
}
