using Orleans.Concurrency;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// OSCP 2.0 Register of one <c>oscp</c> peer (key: the peer id): the tokens exchanged both ways, the CP's base URL and
/// the registration state. Tells a CP's initiating Register from its reply to ours by state: one authenticated with a
/// bootstrap token initiates; one authenticated with the token we issued while we wait for a reply is that reply.
/// </summary>
[Alias("OscpFleet.IPeerRegistrationGrain")]
public interface IPeerRegistrationGrain : IGrainWithStringKey
{
    /// <summary>
    /// The CP sent Register (POST or PUT), already validated and carrying version 2.0. The gateway answers by the outcome
    /// and, for <see cref="RegisterOutcome.ReplyDue"/>, calls <see cref="SendPendingReplyAsync"/> once its 204 is written.
    /// </summary>
    [Alias("ReceiveRegister")]
    Task<RegisterOutcome> ReceiveRegisterAsync(RegisterReceipt receipt);

    /// <summary>The CP sent <c>DELETE /register</c>: every token stops working at once and the peer goes Offline.</summary>
    [Alias("ReceiveUnregister")]
    Task ReceiveUnregisterAsync();

    /// <summary>Sends our reply Register if one is still owed (the grain's timer does it too, should the gateway die first).</summary>
    [Alias("SendPendingReply")]
    Task SendPendingReplyAsync();

    /// <summary>
    /// True when <paramref name="tokenHash"/> (<c>sha256:&lt;hex&gt;</c>) is a token we issued to the CP and it may use now.
    /// Reads the stored state each time: a token deleted a moment ago no longer matches.
    /// </summary>
    [Alias("Authenticates"), AlwaysInterleave, ReadOnly]
    Task<bool> AuthenticatesAsync(string tokenHash);

    /// <summary>Where and with which token we call the CP; null while we hold no token of the CP's.</summary>
    [Alias("GetEndpoint"), AlwaysInterleave, ReadOnly]
    Task<RegisteredEndpoint?> GetEndpointAsync();

    /// <summary>The registration as the operator sees it (never a token or a hash).</summary>
    [Alias("GetStatus"), AlwaysInterleave, ReadOnly]
    Task<RegistrationView> GetStatusAsync();

    /// <summary>Starts our first Register when configured to (<c>Register:Initiate</c>) and none is stored; arms the retry timer. Called at silo start.</summary>
    [Alias("EnsureRunning")]
    Task EnsureRunningAsync();

    /// <summary>Does what is due: a reply or an initiating Register whose retry time has come. Timers call it.</summary>
    [Alias("Tick")]
    Task TickAsync();
}

/// <summary>A Register the CP sent us.</summary>
/// <param name="Method">POST or PUT.</param>
/// <param name="WithBootstrapToken">True when it was authenticated with a bootstrap token (an initiation).</param>
/// <param name="Token">The token we must use when we call the CP. Secret.</param>
/// <param name="BaseUrl">The CP's base URL of OSCP 2.0.</param>
[GenerateSerializer, Immutable, Alias("OscpFleet.RegisterReceipt")]
public sealed record RegisterReceipt([property: Id(0)] string Method, [property: Id(1)] bool WithBootstrapToken, [property: Id(2)] string Token, [property: Id(3)] Uri BaseUrl)
{
    /// <inheritdoc />
    public override string ToString() => $"{nameof(RegisterReceipt)} {{ Method = {Method}, WithBootstrapToken = {WithBootstrapToken}, Token = ***, BaseUrl = {BaseUrl} }}";
}

/// <summary>What the registration grain made of the CP's Register; the gateway turns it into an HTTP status.</summary>
[GenerateSerializer]
public enum RegisterOutcome
{
    /// <summary>Accepted; our reply Register is owed: answer 204, then send it.</summary>
    ReplyDue = 0,

    /// <summary>Accepted as the reply to our Register; nothing more to send: answer 204.</summary>
    Completed = 1,

    /// <summary>A bootstrap token while registered (it authorises the first Register only): answer 403.</summary>
    AlreadyRegistered = 2,

    /// <summary>A bootstrap token with PUT, or a Register that fits no state: answer 403.</summary>
    NotAllowed = 3,
}

/// <summary>How we reach a CP that registered (or is registering). <see cref="ToString"/> never prints the token.</summary>
/// <param name="BaseUrl">The CP's OSCP 2.0 base URL from its Register.</param>
/// <param name="Token">The token the CP gave us. Secret.</param>
/// <param name="Registered">
/// True once the registration is complete (only then may we handshake); false while our reply Register is still on its
/// way, when the endpoint already answers a handshake the CP may send the moment it has our reply.
/// </param>
[GenerateSerializer, Immutable, Alias("OscpFleet.RegisteredEndpoint")]
public sealed record RegisteredEndpoint([property: Id(0)] Uri BaseUrl, [property: Id(1)] string Token, [property: Id(2)] bool Registered)
{
    /// <inheritdoc />
    public override string ToString() => $"{nameof(RegisteredEndpoint)} {{ BaseUrl = {BaseUrl}, Token = ***, Registered = {Registered} }}";
}

/// <summary>Where a registration stands.</summary>
[GenerateSerializer]
public enum RegistrationState
{
    /// <summary>Never registered.</summary>
    None = 0,

    /// <summary>A Register is under way in either direction.</summary>
    Pending = 1,

    /// <summary>Tokens exchanged both ways.</summary>
    Registered = 2,

    /// <summary>Our Register was refused for good (no common version, bootstrap token refused): no retries.</summary>
    Failed = 3,

    /// <summary>The CP unregistered (DELETE): only a bootstrap token can start again.</summary>
    Unregistered = 4,
}

/// <summary>The registration part of the peers API.</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.RegistrationView")]
public sealed record RegistrationView
{
    /// <summary>none, pending, registered, failed or unregistered.</summary>
    [Id(0)] public RegistrationState State { get; init; }

    /// <summary>Since when the registration has been in <see cref="State"/>.</summary>
    [Id(1)] public DateTimeOffset? Since { get; init; }

    /// <summary>The last failure (never a token).</summary>
    [Id(2)] public string? LastError { get; init; }

    /// <summary>When the tokens were last exchanged (registration or rotation).</summary>
    [Id(3)] public DateTimeOffset? TokensRotatedAt { get; init; }

    /// <summary>Who sent the first Register: <c>us</c> or <c>cp</c>; null before any.</summary>
    [Id(4)] public string? InitiatedBy { get; init; }
}
