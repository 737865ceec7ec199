using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Connection;

/// <summary>A plain OSCP CP that never heartbeats, configured as such (<c>ExpectHeartbeats=false</c>).</summary>
public sealed class SilentCpCluster : OscpPeerCluster
{
    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:ExpectHeartbeats"] = "false";
            return settings;
        }
    }

    /// <inheritdoc />
    protected override void ConfigureSimulator(CpSimulatorOptions options) => options.SendsHeartbeats = false;
}

/// <summary>A plain OSCP CP that starts heartbeating late: none at all here, with the default expectations and a short grace.</summary>
public sealed class LateFirstHeartbeatCluster : OscpPeerCluster
{
    /// <summary>The grace for the CP's first heartbeat (longer than 3 × the 10 s we ask).</summary>
    public const int GraceSeconds = 120;

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:FirstHeartbeatGraceSeconds"] = GraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }

    /// <inheritdoc />
    protected override void ConfigureSimulator(CpSimulatorOptions options) => options.SendsHeartbeats = false;
}

/// <summary>A plain OSCP CP that heartbeats at 2.5 × the interval we ask (and says so in its offline_mode_at), and asks ours.</summary>
public sealed class SlowHeartbeatCpCluster : OscpPeerAskingHeartbeatsCluster
{
    /// <summary>2.5 × <see cref="Testing.OscpPeerCluster.WeAskHeartbeatSeconds"/>.</summary>
    public const int CpHeartbeatSeconds = 25;

    /// <inheritdoc />
    protected override void ConfigureSimulator(CpSimulatorOptions options) => options.HeartbeatEverySeconds = CpHeartbeatSeconds;
}

/// <summary>A CP that talks the moment our acknowledge of its handshake arrives, before it answers it.</summary>
public sealed class EagerCpCluster : OscpPeerCluster
{
    /// <summary>The one site of the fleet.</summary>
    public const string Site = "EAGER_SITE";

    /// <inheritdoc />
    protected override bool HasSites => true;

    /// <inheritdoc />
    protected override void ConfigureSimulator(CpSimulatorOptions options)
    {
        options.SendOnAcknowledge = true;
        options.Sites = [Site];
    }
}

/// <summary>Steps the fake clock and makes the peer act on each step, as its one-second timer would.</summary>
internal static class PeerClock
{
    public static async Task<PeerStatus> StepAsync(Testing.OscpPeerCluster cluster, TimeSpan step)
    {
        cluster.Clock.Advance(step);
        await cluster.Peer.TickAsync();
        return await cluster.Peer.GetStatusAsync();
    }
}

public sealed class SilentCpTests(SilentCpCluster cluster) : IClassFixture<SilentCpCluster>
{
    [Fact]
    public async Task A_cp_that_never_heartbeats_stays_connected_for_an_hour_when_we_do_not_expect_heartbeats()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        var start = await cluster.Peer.GetStatusAsync();

        for (var minute = 1; minute <= 60; minute++)
        {
            var status = await PeerClock.StepAsync(cluster, TimeSpan.FromMinutes(1));
            Assert.True(status.State == ConnectionState.Online, $"minute {minute}: {status.State} ({status.OfflineReason})");
            Assert.False(status.LimitsLost, $"minute {minute}: limits counted lost");
        }

        var end = await cluster.Peer.GetStatusAsync();
        // The first-heartbeat deadline an expecting peer would hold it to has long passed.
        Assert.True(end.TheirOfflineModeAt < cluster.Clock.GetUtcNow(), $"{end.TheirOfflineModeAt:O}");
        Assert.False(end.ExpectHeartbeats);
        Assert.Equal(start.Counters.WentOffline, end.Counters.WentOffline);
        Assert.Equal(start.StateSince, end.StateSince);
        Assert.Equal(0, end.Counters.HeartbeatsReceived);
        Assert.Equal(CpConnectionState.Online, cluster.Simulator.GetState().Connection.State);
    }
}

public sealed class LateFirstHeartbeatTests(LateFirstHeartbeatCluster cluster) : IClassFixture<LateFirstHeartbeatCluster>
{
    [Fact]
    public async Task The_cps_silence_before_its_first_heartbeat_counts_only_after_the_grace()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        var online = await cluster.Peer.GetStatusAsync();
        var since = online.StateSince ?? throw new InvalidOperationException("online without a time");
        var grace = TimeSpan.FromSeconds(LateFirstHeartbeatCluster.GraceSeconds);
        Assert.Equal(since + grace, online.TheirOfflineModeAt);

        // Three of the intervals we asked (30 s) is long gone; the grace is not.
        var before = await PeerClock.StepAsync(cluster, since + grace - TimeSpan.FromSeconds(1) - cluster.Clock.GetUtcNow());
        Assert.Equal(ConnectionState.Online, before.State);
        Assert.Equal(online.Counters.WentOffline, before.Counters.WentOffline);

        // Past it: Offline (counted; the handshake that follows may already have brought it back by the time we look).
        var after = await PeerClock.StepAsync(cluster, TimeSpan.FromSeconds(2));
        Assert.Equal(online.Counters.WentOffline + 1, after.Counters.WentOffline);
        Assert.True(after.State != ConnectionState.Online || after.StateSince > since, $"{after.State} since {after.StateSince:O}");
    }
}

public sealed class SlowHeartbeatCpTests(SlowHeartbeatCpCluster cluster) : IClassFixture<SlowHeartbeatCpCluster>
{
    [Fact]
    public async Task A_cp_heartbeating_at_two_and_a_half_times_the_asked_interval_stays_connected_for_an_hour()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        var start = await cluster.Peer.GetStatusAsync();
        var step = TimeSpan.FromSeconds(5);
        var cpEvery = TimeSpan.FromSeconds(SlowHeartbeatCpCluster.CpHeartbeatSeconds);
        var lastCpHeartbeat = cluster.Simulator.Sent().Where(s => s.Kind == OscpMessageKind.Heartbeat).Select(s => s.Sequence).DefaultIfEmpty(0).Max();
        var elapsed = TimeSpan.Zero;

        while (elapsed < TimeSpan.FromHours(1))
        {
            elapsed += step;
            cluster.Clock.Advance(step);
            if (elapsed.Ticks % cpEvery.Ticks == 0)
            {
                // The CP's timer fired with this step: let its heartbeat land before the peer looks at the time.
                var seen = lastCpHeartbeat;
                var beat = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && s.Sequence > seen, OscpPeerCluster.Timeout);
                Assert.True(beat.Delivered, $"{elapsed}: {beat}");
                lastCpHeartbeat = beat.Sequence;
            }
            await cluster.Peer.TickAsync();
            var status = await cluster.Peer.GetStatusAsync();
            Assert.True(status.State == ConnectionState.Online, $"{elapsed}: {status.State} ({status.OfflineReason})");
        }

        var end = await cluster.Peer.GetStatusAsync();
        Assert.True(start.Counters.WentOffline == end.Counters.WentOffline, $"went offline: {end.Counters} {end.LastError} since {end.StateSince:O} (start {start.StateSince:O}, now {cluster.Clock.GetUtcNow():O})");
        Assert.Equal(start.StateSince, end.StateSince);
        Assert.True(end.Counters.HeartbeatsReceived - start.Counters.HeartbeatsReceived >= 3600 / SlowHeartbeatCpCluster.CpHeartbeatSeconds);
        // Ours went out at the 20 s the CP asked, and the CP still counts us up.
        Assert.True(end.Counters.HeartbeatsSent - start.Counters.HeartbeatsSent >= (3600 / OscpPeerAskingHeartbeatsCluster.CpAsksSeconds) - 2);
        Assert.Equal(CpConnectionState.Online, cluster.Simulator.GetState().Connection.State);
    }
}

public sealed class RefusedHeartbeatTests(OscpPeerAskingHeartbeatsCluster cluster) : IClassFixture<OscpPeerAskingHeartbeatsCluster>
{
    [Fact]
    public async Task When_the_cp_refuses_our_heartbeats_past_the_offline_mode_at_we_announced_we_go_offline_and_handshake_again()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        var online = await cluster.Peer.GetStatusAsync();
        var announced = online.OurOfflineModeAt ?? throw new InvalidOperationException("no heartbeat of ours on record");
        cluster.Simulator.ScriptAnswers(OscpMessageKind.Heartbeat, new ScriptedAnswers([], Then: 403));
        var refusedFrom = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

        // Up to the offline_mode_at of our last accepted heartbeat we stay Online, whatever the CP answers meanwhile.
        PeerStatus status;
        do
        {
            status = await StepWithCpHeartbeatsAsync(TimeSpan.FromSeconds(5));
            if (cluster.Clock.GetUtcNow() < announced) Assert.Equal(online.Counters.WentOffline, status.Counters.WentOffline);
        }
        while (status.Counters.WentOffline == online.Counters.WentOffline && cluster.Clock.GetUtcNow() < announced + TimeSpan.FromSeconds(30));

        Assert.True(status.Counters.WentOffline == online.Counters.WentOffline + 1,
            $"not offline at {cluster.Clock.GetUtcNow():O}: announced {announced:O}, ours {status.OurOfflineModeAt:O}, {status.Counters}, {status.LastError}");
        Assert.True(cluster.Clock.GetUtcNow() >= announced);
        // Offline, or already handshaking or back (the CP takes handshakes): the reason is on record until then.
        if (status.State != ConnectionState.Online) Assert.Contains("none of our heartbeats was accepted", status.OfflineReason, StringComparison.Ordinal);
        var refused = cluster.Simulator.Received().Where(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > refusedFrom).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, m => Assert.Equal(403, m.Status));
        Assert.Contains("403", status.LastError ?? "", StringComparison.Ordinal);

        // It handshakes again by itself (a handshake is not a heartbeat: the CP takes it), and is back Online; once the
        // CP takes heartbeats again, ours count again.
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > refusedFrom && m.Status == 204, OscpPeerCluster.Timeout);
        await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.HandshakeAcknowledge && s.Sequence > refusedFrom && s.Delivered, OscpPeerCluster.Timeout);
        cluster.Simulator.ClearScripts(OscpMessageKind.Heartbeat);
        var accepted = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        await PeerClock.StepAsync(cluster, TimeSpan.FromSeconds(OscpPeerAskingHeartbeatsCluster.CpAsksSeconds));
        await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > accepted && m.Status == 204, OscpPeerCluster.Timeout);
        var back = await cluster.Peer.GetStatusAsync();
        Assert.Equal(ConnectionState.Online, back.State);
        Assert.False(back.LimitsLost);
    }

    /// <summary>
    /// Steps the clock and ticks the peer once the CP's own heartbeat that fell due in the step has reached us (real HTTP:
    /// under load it can still be on its way when the tick runs, and the CP's silence is not what this test is about).
    /// </summary>
    private async Task<PeerStatus> StepWithCpHeartbeatsAsync(TimeSpan step)
    {
        var last = cluster.Simulator.Sent(OscpMessageKind.Heartbeat).OrderBy(m => m.Sequence).Select(m => (m.Sequence, m.SentAt)).LastOrDefault((Sequence: 0L, SentAt: DateTimeOffset.MinValue));
        cluster.Clock.Advance(step);
        if (last.SentAt != DateTimeOffset.MinValue && cluster.Clock.GetUtcNow() - last.SentAt >= TimeSpan.FromSeconds(OscpPeerCluster.WeAskHeartbeatSeconds))
            await cluster.Simulator.WaitForSentAsync(m => m.Kind == OscpMessageKind.Heartbeat && m.Sequence > last.Sequence, OscpPeerCluster.Timeout);
        await cluster.Peer.TickAsync();
        return await cluster.Peer.GetStatusAsync();
    }
}

public sealed class EagerCpTests(EagerCpCluster cluster) : IClassFixture<EagerCpCluster>
{
    [Fact]
    public async Task What_the_cp_sends_as_soon_as_it_has_our_acknowledge_is_taken_every_time()
    {
        await cluster.Simulator.WaitForOnlineAsync(OscpPeerCluster.Timeout);
        var grains = cluster.Gateway.Services.GetRequiredService<IClusterClient>();
        await grains.GetGrain<Grains.Sites.ISiteGrain>(EagerCpCluster.Site).UpsertAsync(new Grains.Sites.SiteDefinition
        {
            PeerId = OscpPeerCluster.PeerId,
            AssetId = EagerCpCluster.Site,
            TimeZone = "Pacific/Auckland",
            BaseDoe = [new Oscp.Limits.BaseDoeEntry("00:00", 100)],
            MaxImportKw = 200,
            Csms = "main",
            Chargers = [new Grains.Sites.ChargerDefinition("CS-1", 100)],
        });
        var start = await cluster.Peer.GetStatusAsync();

        for (var round = 1; round <= 5; round++)
        {
            var before = Math.Max(
                cluster.Simulator.Sent().Select(s => s.Sequence).DefaultIfEmpty(0).Max(),
                cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max());
            var handshake = await cluster.Simulator.StartHandshakeAsync();
            Assert.True(handshake.Delivered, $"round {round}: {handshake}");

            // Sent after our acknowledge arrived and answered before the CP answered it (the CP held its answer back).
            var acknowledge = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.HandshakeAcknowledge && m.Sequence > before, OscpPeerCluster.Timeout);
            bool WhileAcknowledging(SentMessage s) => s.Sequence > acknowledge.Sequence && s.AnsweredSequence < acknowledge.AnsweredSequence;
            var forecast = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.UpdateGroupCapacityForecast && WhileAcknowledging(s), OscpPeerCluster.Timeout);
            var heartbeat = await cluster.Simulator.WaitForSentAsync(s => s.Kind == OscpMessageKind.Heartbeat && WhileAcknowledging(s), OscpPeerCluster.Timeout);

            Assert.True(forecast.StatusCode == 204, $"round {round}: forecast {forecast.StatusCode} {forecast.ResponseBody}");
            Assert.True(heartbeat.StatusCode == 204, $"round {round}: heartbeat {heartbeat.StatusCode} {heartbeat.ResponseBody}");
            Assert.Equal(204, acknowledge.Status);
        }

        var end = await cluster.Peer.GetStatusAsync();
        Assert.Equal(start.Counters.HandshakesReceived + 5, end.Counters.HandshakesReceived);
        Assert.Equal(start.Counters.WentOffline, end.Counters.WentOffline);
    }
}
