using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The capacity provider simulator as a service (resolve it from <c>app.Services</c>): the control API's
/// operations, the records of everything received and sent, and explicit wait signals for tests.
/// </summary>
public sealed class CpSimulator
{
    private readonly IServiceProvider _services;

    internal CpSimulator(IServiceProvider services, CpSimulatorOptions options)
    {
        _services = services;
        Options = options;
    }

    /// <summary>The options the simulator runs with.</summary>
    public CpSimulatorOptions Options { get; }

    /// <summary>The simulator's root URL once it listens (e.g. <c>http://127.0.0.1:53117</c>): the FP's <c>BaseUrl</c>; <c>/token</c> is its token URL.</summary>
    public Uri BaseAddress =>
        new(_services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The simulator is not listening yet: start the application first."));

    private CpConnection Connection => _services.GetRequiredService<CpConnection>();

    private CpRegistration Registration => _services.GetRequiredService<CpRegistration>();

    private CpScript Script => _services.GetRequiredService<CpScript>();

    private CpTokens Tokens => _services.GetRequiredService<CpTokens>();

    private RecordLog<ReceivedMessage> ReceivedLog => _services.GetRequiredService<RecordLog<ReceivedMessage>>();

    private RecordLog<SentMessage> SentLog => _services.GetRequiredService<RecordLog<SentMessage>>();

    /// <summary>Connection, heartbeats each way, intervals, scripts and counts.</summary>
    public CpSimulatorState GetState() => new(
        _services.GetRequiredKeyedService<TimeProvider>(SimulatorClock.Key).GetUtcNow(),
        Connection.Snapshot(_services.GetRequiredService<CpHeartbeatLedger>()),
        Options.RequiredHeartbeatIntervalSeconds,
        Script.Silent,
        Script.SilentAnswerStatus,
        Tokens.Refusing,
        Script.Snapshot(),
        _services.GetRequiredService<CpForecasts>().LastRequestIds,
        ReceivedLog.Count,
        SentLog.Count,
        [.. Options.RequiredMeasurementConfiguration]);

    /// <summary>Sends a handshake to the FP; the connection comes online when its acknowledge correlates. Throws while silent.</summary>
    public Task<SentMessage> StartHandshakeAsync(CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<CpHandshakes>().StartAsync(cancellationToken);

    /// <summary>The registration with the FP (plain OSCP with Register); its tokens are for in-process tests only.</summary>
    public CpRegistrationSnapshot GetRegistration() => Registration.Snapshot();

    /// <summary>Sends the first Register to the FP (with <c>Register:BootstrapTokenFromFp</c>); registered once the FP replies.</summary>
    public Task<OscpFleet.Oscp.Client.OscpSendResult> RegisterAsync(CancellationToken cancellationToken = default) => Registration.InitiateAsync(cancellationToken);

    /// <summary>Rotates the tokens (PUT Register); throws when not registered.</summary>
    public Task<OscpFleet.Oscp.Client.OscpSendResult> RotateRegistrationAsync(CancellationToken cancellationToken = default) => Registration.RotateAsync(cancellationToken);

    /// <summary>Unregisters (DELETE Register): every token stops working both ways; throws when not registered.</summary>
    public Task<OscpFleet.Oscp.Client.OscpSendResult> UnregisterAsync(CancellationToken cancellationToken = default) => Registration.UnregisterAsync(cancellationToken);

    /// <summary>Completes when registered with the FP; <see cref="TimeoutException"/> after <paramref name="timeout"/>, with the state.</summary>
    public async Task WaitForRegisteredAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Registration.WhenRegistered.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Not registered within {timeout.TotalSeconds:0.###} s: {Registration.Snapshot()}.");
        }
    }

    /// <summary>Sends one heartbeat to the FP now. Throws while silent.</summary>
    public Task<SentMessage> SendHeartbeatAsync(CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<CpHeartbeats>().SendAsync(cancellationToken);

    /// <summary>Sends a forecast to one site or to every configured site. Throws while silent, or for a request without a site when none is configured.</summary>
    public Task<IReadOnlyList<SentMessage>> SendForecastAsync(ForecastRequest request, CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<CpForecasts>().SendAsync(request, cancellationToken);

    /// <summary>Stops (or resumes) sending anything; with <paramref name="answerStatus"/>, every OSCP call is also answered with it.</summary>
    public void SetSilent(bool silent, int? answerStatus = null)
    {
        Script.SetSilent(silent, answerStatus);
        CpSimulatorLog.SilenceChanged(_services.GetRequiredService<ILogger<CpSimulator>>(), silent, answerStatus);
    }

    /// <summary>While true, <c>/token</c> answers 401 <c>invalid_client</c> to everyone (tokens already issued stay valid).</summary>
    public void SetRefuseTokens(bool refuse) => Tokens.Refusing = refuse;

    /// <summary>Invalidates every token issued so far: the FP's next call gets 401.</summary>
    public void RevokeTokens() => Tokens.RevokeAll();

    /// <summary>Answers the next calls of <paramref name="kind"/> as <paramref name="answers"/> says.</summary>
    public void ScriptAnswers(OscpMessageKind kind, ScriptedAnswers answers)
    {
        if (!CpInbound.ServedBy(Options.Profile).Contains(kind))
            throw new ArgumentException($"A {Options.Profile.ToString().ToLowerInvariant()} capacity provider does not receive {kind.Path()}.", nameof(kind));
        Script.Set(kind, answers);
    }

    /// <summary>
    /// A CP that answers slowly: every call of <paramref name="kind"/> from now on waits, unanswered and unrecorded, until
    /// <see cref="ReleaseAnswers"/> (a call its sender gives up on meanwhile is never recorded). One kind at a time. The
    /// task completes once the first one is being held.
    /// </summary>
    public Task HoldAnswers(OscpMessageKind kind) => Script.HoldAnswers(kind);

    /// <summary>Answers every held call (and every later one) normally again.</summary>
    public void ReleaseAnswers() => Script.ReleaseAnswers();

    /// <summary>The most calls of <paramref name="kind"/> this CP was handling at once since the start or <see cref="ResetPeakInFlight"/>.</summary>
    public long PeakInFlight(OscpMessageKind kind) => _services.GetRequiredService<CpInboundConcurrency>().Peak(kind);

    /// <summary>Starts a new measurement of <see cref="PeakInFlight"/> for <paramref name="kind"/>.</summary>
    public void ResetPeakInFlight(OscpMessageKind kind) => _services.GetRequiredService<CpInboundConcurrency>().ResetPeak(kind);

    /// <summary>Forgets the scripted answers of one kind, or of all kinds.</summary>
    public void ClearScripts(OscpMessageKind? kind = null) => Script.Clear(kind);

    /// <summary>The calls received (oldest first), of one kind or all; only the accepted (or refused) ones when <paramref name="accepted"/> says so.</summary>
    public IReadOnlyList<ReceivedMessage> Received(OscpMessageKind? kind = null, bool? accepted = null) =>
        ReceivedLog.Snapshot(kind is null && accepted is null ? null : r => (kind is null || r.Kind == kind) && (accepted is null || r.Accepted == accepted));

    /// <summary>The messages sent (oldest first), of one kind or all.</summary>
    public IReadOnlyList<SentMessage> Sent(OscpMessageKind? kind = null) =>
        SentLog.Snapshot(kind is { } k ? s => s.Kind == k : null);

    /// <summary>Forgets every record received and sent.</summary>
    public void ClearRecords()
    {
        ReceivedLog.Clear();
        SentLog.Clear();
    }

    /// <summary>The first received call (kept or to come) that <paramref name="match"/> accepts; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<ReceivedMessage> WaitForReceivedAsync(Func<ReceivedMessage, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReceivedLog.WaitForAsync(match, timeout, cancellationToken);

    /// <summary>
    /// The <paramref name="n"/>-th accepted call of <paramref name="kind"/> (1 = the first), counting the records kept and
    /// those to come (after <see cref="ClearRecords"/> the count starts again), e.g. the second measurement report:
    /// <c>(await sim.WaitForAcceptedAsync(OscpMessageKind.UpdateAssetMeasurements, 2, timeout)).MessageAs&lt;UpdateAssetMeasurements&gt;()</c>.
    /// The record appears once the answer is written. <see cref="TimeoutException"/> after <paramref name="timeout"/>, listing what arrived.
    /// </summary>
    public Task<ReceivedMessage> WaitForAcceptedAsync(OscpMessageKind kind, int n, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReceivedLog.WaitForNthAsync(r => r.Kind == kind && r.Accepted, n, timeout, cancellationToken);

    /// <summary>The first sent message (kept or to come) that <paramref name="match"/> accepts; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<SentMessage> WaitForSentAsync(Func<SentMessage, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        SentLog.WaitForAsync(match, timeout, cancellationToken);

    /// <summary>Completes when the connection is online; <see cref="TimeoutException"/> after <paramref name="timeout"/>, with the state.</summary>
    public async Task WaitForOnlineAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Connection.WhenOnline.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            var connection = Connection.Snapshot(_services.GetRequiredService<CpHeartbeatLedger>());
            throw new TimeoutException(
                $"The connection did not come online within {timeout.TotalSeconds:0.###} s: it is {connection.State}, last error {connection.LastError ?? "none"}.");
        }
    }
}
