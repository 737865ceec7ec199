using System.Diagnostics;
using System.Net;
using System.Text.Json;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.GridSafety;

/// <summary>
/// Walks the product clock through the day a step at a time and plays the CP's script on the real deployment. After
/// every event it waits (wall clock) for an explicit signal that the product took it in before the clock moves on:
/// the webhook of the site's new version, or the peers and sites APIs showing the new connection state with every
/// site's version delivered. So every version's <c>issuedAt</c> is the product-clock instant of the event that caused
/// it, and the lost intervals begin and end at the instants the bench observed them.
/// </summary>
internal sealed class DayWalk(GridSafetyCluster cluster, BenchOptions options, IReadOnlyList<SiteSetup> sites, Action<string> progress)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly TimeSpan timeout = TimeSpan.FromSeconds(options.WebhookTimeoutSeconds);
    private readonly CpBehaviour cp = new(options.Seed, [.. sites.Select(s => s.GroupId)]);
    private readonly Dictionary<string, long> knownVersion = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ReceivedWebhook> webhooks = [];
    private HttpClient? ops;
    private DateTimeOffset opsSince;
    private readonly List<(string GroupId, long Before, long After)> rehandshakeVersions = [];
    private int order;

    /// <summary>The oracle fed with every accepted forecast.</summary>
    public Oracle Oracle { get; } = new(sites);

    /// <summary>The lost intervals observed.</summary>
    public List<LostInterval> Lost { get; } = [];

    /// <summary>Every scripted event and what came of it.</summary>
    public List<ScriptEvent> Events { get; } = [];

    /// <summary>Emergency stop: forecast request sent → the CSMS recorded the webhook carrying <c>emergencyStop: true</c>, ms.</summary>
    public List<double> EmergencyMs { get; } = [];

    /// <summary>Ordinary forecasts that made a new version: request sent → the CSMS recorded that version's webhook, ms.</summary>
    public List<double> ForecastMs { get; } = [];

    /// <summary>Connection lost (clock moved past offline_mode_at) → every site's lost version delivered, ms.</summary>
    public List<double> LossSettleMs { get; } = [];

    /// <summary>Counters for the report.</summary>
    public WalkCounters Counters { get; } = new();

    /// <summary>The product-clock start of the walk.</summary>
    public DateTimeOffset Start { get; private set; }

    /// <summary>The product-clock end of the walk (exclusive).</summary>
    public DateTimeOffset End { get; private set; }

    /// <summary>Every limit version the CSMS received, per site, by version.</summary>
    public Dictionary<string, SortedDictionary<long, ReceivedVersion>> Versions { get; } = new(StringComparer.Ordinal);

    /// <summary>Runs the day.</summary>
    public async Task RunAsync()
    {
        var step = TimeSpan.FromMinutes(options.StepMinutes);
        Start = cluster.Clock.GetUtcNow();
        End = Start + TimeSpan.FromHours(options.Hours);
        var steps = (int)((End - Start) / step);
        var (drops, rehandshakes) = cp.Connection(steps);
        foreach (var site in sites) knownVersion[site.GroupId] = (await GridSafetyCluster.SiteViewAsync(await OpsAsync(), site.GroupId)).Version;
        Collect();

        DateTimeOffset? backAt = null;
        var lostSince = default(DateTimeOffset);
        for (var index = 0; cluster.Clock.GetUtcNow() < End; index++)
        {
            var now = cluster.Clock.GetUtcNow();
            var peer = await cluster.PeerViewAsync(await OpsAsync());
            if (backAt is null && !peer.Live)
            {
                // Not scripted: the connection went down on its own. Lost from the instant it was seen.
                Counters.UnscriptedLosses++;
                lostSince = now;
                Events.Add(new ScriptEvent(now, null, $"UNSCRIPTED loss seen (peer {peer.State}, limitsLost {peer.LimitsLost})"));
                progress($"{now:HH:mm} unscripted loss: peer {peer.State}, limitsLost {peer.LimitsLost}");
                await WaitSitesAsync(lost: true);
                backAt = now;
            }

            if (backAt is { } due && now >= due)
            {
                await ComeBackAsync(lostSince);
                backAt = null;
            }
            else if (backAt is null && drops.TryGetValue(index, out var length))
            {
                lostSince = await DropAsync();
                backAt = lostSince + (length * step);
            }
            else if (backAt is null && rehandshakes.Contains(index))
            {
                await RehandshakeAsync();
            }

            foreach (var forecast in cp.Step(cluster.Clock.GetUtcNow(), first: index == 0))
            {
                if (backAt is not null)
                {
                    Counters.NotSentWhileSilent++;
                    continue;
                }
                await SendAsync(forecast);
            }

            Collect();
            if (index % 24 == 0) progress($"{cluster.Clock.GetUtcNow():HH:mm} step {index}/{steps}: {Counters.Accepted} forecasts accepted, {webhooks.Count} webhooks, {Lost.Count} losses");
            // The next instant of the step grid (a drop or a return may have moved the clock off it).
            var next = Start + ((Math.Floor((cluster.Clock.GetUtcNow() - Start) / step) + 1) * step);
            cluster.AdvanceTo(next < End ? next : End);
        }

        if (backAt is not null) Lost.Add(new LostInterval(lostSince, End, "until the end of the day"));
        await SettleAsync();
        Collect();
        ops?.Dispose();
        foreach (var webhook in webhooks.Values.OrderBy(w => w.Sequence)) Read(webhook);
    }

    /// <summary>
    /// The versions issued while the CP re-handshook whose kW differ from the version before them at an instant both
    /// cover (a re-handshake while online must change no limit; a version that only renews the schedule or drops the
    /// label of an emergency stop that has ended is not a change).
    /// </summary>
    public List<string> RehandshakeLimitChanges()
    {
        var changes = new List<string>();
        foreach (var (site, before, after) in rehandshakeVersions)
        {
            if (!Versions.TryGetValue(site, out var versions) || !versions.TryGetValue(before, out var old)) continue;
            foreach (var version in versions.Values.Where(v => v.Version > before && v.Version <= after))
            {
                var differs = version.Schedule.Any(n => old.Schedule.Any(o => o.From < n.To && n.From < o.To && Math.Abs(o.Kw - n.Kw) > Oracle.Tolerance));
                if (differs) changes.Add($"{site} v{before}→v{version.Version} (issued {version.IssuedAt:HH:mm:ss})");
            }
        }
        return changes;
    }

    private async Task SendAsync(ScriptedForecast forecast)
    {
        var site = forecast.GroupId;
        var before = knownVersion[site];
        long stamp = 0;
        long version = 0;
        using var stop = new CancellationTokenSource();
        var waiter = cluster.Csms.WaitForWebhookAsync(w =>
        {
            if (w.GroupId != site || w.Outcome != WebhookOutcome.Applied || w.Version <= before || (forecast.AllZero && w.EmergencyStop != true)) return false;
            version = w.Version ?? 0;
            Volatile.Write(ref stamp, Stopwatch.GetTimestamp());
            return true;
        }, Timeout.InfiniteTimeSpan, stop.Token);
        var sentAt = Stopwatch.GetTimestamp();
        var now = cluster.Clock.GetUtcNow();
        var sent = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = site, Type = forecast.Type, Blocks = [.. forecast.Blocks] }))[0];
        if (sent.StatusCode != (int)HttpStatusCode.NoContent)
        {
            await stop.CancelAsync();
            if (sent.StatusCode == (int)HttpStatusCode.Conflict) Counters.Refused409++;
            else Counters.OtherRefusals++;
            Events.Add(new ScriptEvent(now, site, $"{forecast.Describe()} → {sent.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? sent.Error}"));
            return;
        }

        Counters.Accepted++;
        Oracle.Accepted(new AcceptedForecast(order++, site, forecast.Type, now, forecast.OracleBlocks(), forecast.AllZero));
        Events.Add(new ScriptEvent(now, site, $"{forecast.Describe()} → 204"));
        var view = await GridSafetyCluster.SiteViewAsync(await OpsAsync(), site);
        if (view.Version <= before && !forecast.AllZero)
        {
            await stop.CancelAsync();
            Counters.NoNewVersion++;
            return;
        }
        try
        {
            await waiter.WaitAsync(timeout);
            var ms = Stopwatch.GetElapsedTime(sentAt, Volatile.Read(ref stamp)).TotalMilliseconds;
            (forecast.AllZero ? EmergencyMs : ForecastMs).Add(ms);
            if (forecast.AllZero) Counters.Emergencies++;
            knownVersion[site] = Math.Max(version, view.Version);
            if (version < view.Version) await WaitDeliveredAsync(site, view.Version);
        }
        catch (TimeoutException)
        {
            await stop.CancelAsync();
            Counters.MissingWebhooks++;
            Console.Error.WriteLine($"{now:HH:mm} {site}: no webhook{(forecast.AllZero ? " with emergencyStop" : "")} after version {before} within {timeout.TotalSeconds} s (site at version {view.Version})");
            knownVersion[site] = view.Version;
        }
    }

    private async Task<DateTimeOffset> DropAsync()
    {
        var silentAt = cluster.Clock.GetUtcNow();
        cluster.Simulator.SetSilent(true, answerStatus: 503);
        Events.Add(new ScriptEvent(silentAt, null, "CP goes silent (503 to everything)"));
        // A heartbeat the CP's timer started before the silence may still be on its way: let it land before the clock
        // jumps, or it would pass the gate at the old instant and reach the peer after the jump (see Revivals).
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        DateTimeOffset? firstLost = null;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            var deadline = started + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                var peer = await cluster.PeerViewAsync(await OpsAsync());
                if (peer.LimitsLost) break;
                if (peer.TheirOfflineModeAt is { } at && at > cluster.Clock.GetUtcNow())
                {
                    cluster.AdvanceTo(at);
                    started = Stopwatch.GetTimestamp();
                }
                else await Task.Delay(Poll);
                if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("the peer never showed limitsLost after the CP went silent");
            }
            var lostAt = cluster.Clock.GetUtcNow();
            firstLost ??= lostAt;
            if (await WaitSitesAsync(lost: true))
            {
                LossSettleMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Counters.Drops++;
                Events.Add(new ScriptEvent(lostAt, null, $"connection lost: clock moved to the CP's offline_mode_at {lostAt:HH:mm:ss} (silent since {silentAt:HH:mm})"));
                progress($"{lostAt:HH:mm} connection lost (CP silent since {silentAt:HH:mm}); every site lost and delivered in {LossSettleMs[^1]:0} ms");
                // Lost since the first instant the peer showed it: the rule keeps it lost until a handshake completes.
                return firstLost.Value;
            }
            // The peer showed the loss, then was live again without any handshake.
            var revived = await cluster.PeerViewAsync(await OpsAsync());
            Counters.Revivals++;
            Events.Add(new ScriptEvent(lostAt, null, $"REVIVED without a handshake: limitsLost at {lostAt:HH:mm:ss}, then {revived.State}, limitsLost {revived.LimitsLost}, offline_mode_at {revived.TheirOfflineModeAt:HH:mm:ss}"));
            Console.Error.WriteLine($"{lostAt:HH:mm:ss} the peer showed limitsLost (the CP's offline_mode_at passed), then live again without a handshake: {revived}");
        }
    }

    private async Task ComeBackAsync(DateTimeOffset lostSince)
    {
        cluster.Simulator.SetSilent(false);
        var now = cluster.Clock.GetUtcNow();
        Events.Add(new ScriptEvent(now, null, "CP answers again"));
        // Before the connection is back, a forecast must be refused (409); it may already be back if the peer's
        // next handshake was due.
        var probe = cp.Probe(now);
        if (!(await cluster.PeerViewAsync(await OpsAsync())).Live)
        {
            Counters.Probes++;
            await SendAsync(probe);
        }
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var peer = await cluster.PeerViewAsync(await OpsAsync());
            if (peer.Live) break;
            if (peer.State == "Offline" && peer.NextHandshakeAt is { } at && at > cluster.Clock.GetUtcNow()) cluster.AdvanceTo(at);
            else await Task.Delay(Poll);
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"the connection did not come back: peer {peer.State}");
        }
        var liveAt = cluster.Clock.GetUtcNow();
        await cluster.Simulator.WaitForOnlineAsync(timeout);
        await WaitSitesAsync(lost: false);
        Lost.Add(new LostInterval(lostSince, liveAt, "scripted"));
        Events.Add(new ScriptEvent(liveAt, null, $"connection back (handshake completed at {liveAt:HH:mm:ss})"));
        progress($"{liveAt:HH:mm} connection back, lost {lostSince:HH:mm:ss}–{liveAt:HH:mm:ss}");
    }

    private async Task RehandshakeAsync()
    {
        var now = cluster.Clock.GetUtcNow();
        var before = new Dictionary<string, long>(knownVersion, StringComparer.Ordinal);
        await cluster.Simulator.StartHandshakeAsync();
        await cluster.Simulator.WaitForOnlineAsync(timeout);
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!(await cluster.PeerViewAsync(await OpsAsync())).Live)
        {
            await Task.Delay(Poll);
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException("the CP's re-handshake did not complete");
        }
        await WaitSitesAsync(lost: false);
        var changed = sites.Where(s => knownVersion[s.GroupId] != before[s.GroupId]).Select(s => $"{s.GroupId} v{before[s.GroupId]}→v{knownVersion[s.GroupId]}").ToList();
        rehandshakeVersions.AddRange(sites.Where(s => knownVersion[s.GroupId] != before[s.GroupId]).Select(s => (s.GroupId, before[s.GroupId], knownVersion[s.GroupId])));
        Counters.Rehandshakes++;
        Counters.VersionsByRehandshake += changed.Count;
        Events.Add(new ScriptEvent(now, null, $"CP re-handshake while online ({changed.Count} sites got a new version{(changed.Count > 0 ? ": " + string.Join(", ", changed) : "")})"));
        if (changed.Count > 0) progress($"{now:HH:mm} CP re-handshake while online: new versions {string.Join(", ", changed)}");
    }

    /// <summary>
    /// Waits until every site shows the connection state and has its newest version delivered. False when, waiting for
    /// the loss, the peer turned live again (no handshake in between).
    /// </summary>
    private async Task<bool> WaitSitesAsync(bool lost)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var site in sites)
        {
            while (true)
            {
                var view = await GridSafetyCluster.SiteViewAsync(await OpsAsync(), site.GroupId);
                if (view.ConnectionLost == lost && view.DeliveredVersion >= view.Version)
                {
                    knownVersion[site.GroupId] = view.Version;
                    break;
                }
                if (lost && (await cluster.PeerViewAsync(await OpsAsync())).Live)
                {
                    await Task.Delay(TimeSpan.FromSeconds(2));
                    foreach (var other in sites) knownVersion[other.GroupId] = (await GridSafetyCluster.SiteViewAsync(await OpsAsync(), other.GroupId)).Version;
                    return false;
                }
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    var peer = await cluster.PeerViewAsync(await OpsAsync());
                    var states = new List<string>();
                    foreach (var other in sites) states.Add($"{other.GroupId}={(await GridSafetyCluster.SiteViewAsync(await OpsAsync(), other.GroupId)).ConnectionLost}");
                    throw new TimeoutException($"{site.GroupId}: connectionLost {view.ConnectionLost}, version {view.Version} delivered {view.DeliveredVersion}; expected connectionLost {lost}, all delivered. "
                        + $"Clock {cluster.Clock.GetUtcNow():O}; peer {peer}; sites' connectionLost: {string.Join(" ", states)}");
                }
                await Task.Delay(Poll);
            }
        }
        return true;
    }

    private async Task WaitDeliveredAsync(string site, long version)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while ((await GridSafetyCluster.SiteViewAsync(await OpsAsync(), site)).DeliveredVersion < version)
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"{site}: version {version} not delivered");
            await Task.Delay(Poll);
        }
    }

    /// <summary>At the end: every site's newest version delivered (renewals included).</summary>
    private async Task SettleAsync()
    {
        foreach (var site in sites)
        {
            var view = await GridSafetyCluster.SiteViewAsync(await OpsAsync(), site.GroupId);
            try
            {
                await WaitDeliveredAsync(site.GroupId, view.Version);
            }
            catch (TimeoutException e)
            {
                Counters.MissingWebhooks++;
                Console.Error.WriteLine(e.Message);
            }
        }
    }

    /// <summary>Takes the webhooks recorded since the last call (the record log is bounded: read it as the day goes).</summary>
    private void Collect()
    {
        foreach (var webhook in cluster.Csms.Webhooks())
        {
            webhooks.TryAdd(webhook.Sequence, webhook);
        }
    }

    private void Read(ReceivedWebhook webhook)
    {
        if (webhook.Outcome != WebhookOutcome.Applied || webhook.GroupId is not { } site || !sites.Any(s => s.GroupId == site)) return;
        using var body = JsonDocument.Parse(webhook.Body);
        var root = body.RootElement;
        var schedule = root.GetProperty("schedule").EnumerateArray()
            .Select(e => (e.GetProperty("from").GetDateTimeOffset(), e.GetProperty("to").GetDateTimeOffset(), e.GetProperty("kw").GetDouble(), e.GetProperty("source").GetString() ?? ""))
            .ToList();
        var version = new ReceivedVersion(root.GetProperty("version").GetInt64(), root.GetProperty("issuedAt").GetDateTimeOffset(), schedule, root.GetProperty("emergencyStop").GetBoolean());
        if (!Versions.TryGetValue(site, out var versions)) Versions[site] = versions = [];
        versions.TryAdd(version.Version, version);
    }

    /// <summary>An operator client, with a fresh token every six hours of the product clock (they live a day of it here).</summary>
    private async Task<HttpClient> OpsAsync()
    {
        var now = cluster.Clock.GetUtcNow();
        if (ops is null || now - opsSince > TimeSpan.FromHours(6))
        {
            ops?.Dispose();
            ops = await cluster.OperatorAsync();
            opsSince = now;
        }
        return ops;
    }
}

/// <summary>What happened during the walk.</summary>
internal sealed class WalkCounters
{
    public int Accepted { get; set; }
    public int Refused409 { get; set; }
    public int OtherRefusals { get; set; }
    public int NotSentWhileSilent { get; set; }
    public int NoNewVersion { get; set; }
    public int Emergencies { get; set; }
    public int MissingWebhooks { get; set; }
    public int Drops { get; set; }
    public int UnscriptedLosses { get; set; }
    public int Probes { get; set; }
    public int Rehandshakes { get; set; }
    public int Revivals { get; set; }
    public int VersionsByRehandshake { get; set; }
}
