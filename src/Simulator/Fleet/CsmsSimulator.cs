using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The simulated CSMS as a service (resolve it from <c>app.Services</c>): the control API's operations, the
/// chargers' state, the records of webhooks received and gateway calls made, and explicit wait signals for tests.
/// </summary>
public sealed class CsmsSimulator
{
    private readonly IServiceProvider _services;

    internal CsmsSimulator(IServiceProvider services, FleetSimulatorOptions options)
    {
        _services = services;
        Options = options;
    }

    /// <summary>The most limit webhooks this CSMS was handling at once since the start or <see cref="ResetWebhookPeak"/>.</summary>
    public long PeakWebhooksInFlight => _services.GetRequiredService<WebhookConcurrency>().Peak;

    /// <summary>Starts a new measurement of <see cref="PeakWebhooksInFlight"/>.</summary>
    public void ResetWebhookPeak() => _services.GetRequiredService<WebhookConcurrency>().ResetPeak();

    /// <summary>The options the simulator runs with.</summary>
    public FleetSimulatorOptions Options { get; }

    /// <summary>The simulator's root URL once it listens (e.g. <c>http://127.0.0.1:53117</c>).</summary>
    public Uri BaseAddress =>
        new(_services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The simulator is not listening yet: start the application first."));

    /// <summary>Where the gateway's CSMS endpoint must point (<c>Csms:Endpoints:&lt;name&gt;:Url</c>).</summary>
    public Uri WebhookUrl => new(BaseAddress, Options.WebhookPath);

    private string WebhookUrlOrPath()
    {
        try
        {
            return WebhookUrl.ToString();
        }
        catch (InvalidOperationException)
        {
            return Options.WebhookPath; // not listening yet
        }
    }

    private TimeProvider Time => _services.GetRequiredKeyedService<TimeProvider>(SimulatorClock.Key);

    private FleetSites Sites => _services.GetRequiredService<FleetSites>();

    private FleetScript Script => _services.GetRequiredService<FleetScript>();

    private RecordLog<ReceivedWebhook> WebhookLog => _services.GetRequiredService<RecordLog<ReceivedWebhook>>();

    private RecordLog<GatewayCall> CallLog => _services.GetRequiredService<RecordLog<GatewayCall>>();

    /// <summary>Every site (applied version, reason, limit in force, chargers' power and registers, settled to now) and the scripts.</summary>
    public FleetState GetState()
    {
        var now = Time.GetUtcNow();
        var (pending, then) = Script.WebhookScript;
        return new FleetState(
            now, WebhookUrlOrPath(), Script.Down, pending, then, Script.Confirming, Script.ConfirmDelay.TotalSeconds,
            [.. Sites.All.Select(s => s.Snapshot(now))], WebhookLog.Count, CallLog.Count, _services.GetRequiredService<FleetMeterValues>().PendingCount);
    }

    /// <summary>One site now; <see cref="ArgumentException"/> for an unknown group id.</summary>
    public SiteState GetSite(string groupId) => Sites.Get(groupId).Snapshot(Time.GetUtcNow());

    /// <summary>Onboards one site, or every site when <paramref name="groupId"/> is null; completes with each final call.</summary>
    public async Task<IReadOnlyList<GatewayCall>> OnboardAsync(string? groupId = null, CancellationToken cancellationToken = default)
    {
        var onboarding = _services.GetRequiredService<FleetOnboarding>();
        var site = groupId is null ? null : Sites.Get(groupId);
        // Retries wait on the simulator's clock: stopping the simulator must end them even if the caller never cancels.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(
            cancellationToken, _services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        return site is null
            ? await onboarding.OnboardAllAsync(linked.Token).ConfigureAwait(false)
            : [await onboarding.OnboardAsync(site, linked.Token).ConfigureAwait(false)];
    }

    /// <summary>
    /// Starts onboarding one site (or every site) in the background and returns at once (the control API's way: onboarding
    /// retries until the gateway answers, which may be long). Throws at once when no operator client is configured.
    /// </summary>
    public void StartOnboarding(string? groupId = null) =>
        _services.GetRequiredService<FleetOnboarding>().StartInBackground(groupId is null ? null : Sites.Get(groupId));

    /// <summary>While down, every limit webhook is answered 503 and nothing is applied.</summary>
    public void SetDown(bool down)
    {
        Script.Down = down;
        FleetSimulatorLog.DownChanged(_services.GetRequiredService<ILogger<CsmsSimulator>>(), down);
    }

    /// <summary>
    /// Answers the next authentic webhooks with <paramref name="statuses"/> (a 2xx or 0 handles the webhook; anything
    /// else only answers), then every later one with <paramref name="then"/> (null: normally).
    /// </summary>
    public void ScriptWebhookAnswers(IReadOnlyList<int> statuses, int? then = null) => Script.SetWebhookAnswers(statuses, then);

    /// <summary>
    /// A CSMS that answers slowly: every webhook from now on waits, unanswered and unrecorded, until
    /// <see cref="ReleaseWebhooks"/>. The task completes once the first one is being held.
    /// </summary>
    public Task HoldWebhooks() => Script.HoldWebhooks();

    /// <summary>Answers every held webhook (and every later one) normally again.</summary>
    public void ReleaseWebhooks() => Script.ReleaseWebhooks();

    /// <summary>Forgets the scripted webhook answers.</summary>
    public void ClearWebhookScript() => Script.ClearWebhookAnswers();

    /// <summary>Starts or stops confirming applied versions; <paramref name="delay"/> changes the wait before confirming.</summary>
    public void SetConfirming(bool confirming, TimeSpan? delay = null)
    {
        if (delay is { } d) Script.ConfirmDelay = d;
        Script.Confirming = confirming;
    }

    /// <summary>Changes what one charger's car would draw unlimited (capped at its rating), from now on.</summary>
    public void SetDemand(string groupId, string chargerId, double kw) => Sites.Get(groupId).SetDemand(chargerId, kw, Time.GetUtcNow());

    /// <summary>
    /// Sets one charger's energy register back to 0 now (a replaced meter): its next samples count up from 0, the one
    /// case where <c>energyWh</c> goes down.
    /// </summary>
    public void ResetRegister(string groupId, string chargerId) => Sites.Get(groupId).ResetRegister(chargerId, Time.GetUtcNow());

    /// <summary>
    /// Takes a meter sample of every onboarded site now and posts it with every sample still pending; null when no site
    /// is onboarded yet.
    /// </summary>
    public Task<GatewayCall?> SendMeterValuesAsync(CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<FleetMeterValues>().SendAsync(cancellationToken);

    /// <summary>The webhooks received, oldest first.</summary>
    public IReadOnlyList<ReceivedWebhook> Webhooks() => WebhookLog.Snapshot();

    /// <summary>The gateway calls made (one per attempt), oldest first, of one kind or all.</summary>
    public IReadOnlyList<GatewayCall> GatewayCalls(GatewayCallKind? kind = null) =>
        CallLog.Snapshot(kind is { } k ? c => c.Kind == k : null);

    /// <summary>Forgets every record.</summary>
    public void ClearRecords()
    {
        WebhookLog.Clear();
        CallLog.Clear();
    }

    /// <summary>The first webhook (kept or to come) that <paramref name="match"/> accepts; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<ReceivedWebhook> WaitForWebhookAsync(Func<ReceivedWebhook, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        WebhookLog.WaitForAsync(match, timeout, cancellationToken);

    /// <summary>The first gateway call (kept or to come) that <paramref name="match"/> accepts; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public Task<GatewayCall> WaitForGatewayCallAsync(Func<GatewayCall, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        CallLog.WaitForAsync(match, timeout, cancellationToken);

    /// <summary>The gateway's 2xx to the confirmation of <paramref name="version"/> of <paramref name="groupId"/>.</summary>
    public Task<GatewayCall> WaitForAppliedAsync(string groupId, long version, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        CallLog.WaitForAsync(c => c.Kind == GatewayCallKind.Applied && c.GroupId == groupId && c.Version == version && c.Succeeded, timeout, cancellationToken);
}
