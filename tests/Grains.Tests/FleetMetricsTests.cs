using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>The gauges of the site, peer and registry metrics, read through a listener scoped to one meter factory.</summary>
public sealed class FleetMetricsTests : IDisposable
{
    private readonly ServiceProvider services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    private IMeterFactory Factory => services.GetRequiredService<IMeterFactory>();

    public void Dispose() => services.Dispose();

    [Fact]
    public void Undelivered_sites_are_counted_per_CSMS_and_the_oldest_undelivered_version_gives_the_age()
    {
        using var metrics = new SiteMetrics(Factory, clock);
        var t0 = clock.GetUtcNow();
        metrics.SetUndelivered("a", "main", t0);
        clock.Advance(TimeSpan.FromSeconds(30));
        metrics.SetUndelivered("b", "main", clock.GetUtcNow());
        metrics.SetUndelivered("c", "other", clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(100));

        var read = Read();
        Assert.Equal(2, read[("oscpfleet.sites.undelivered", "csms=main")]);
        Assert.Equal(1, read[("oscpfleet.sites.undelivered", "csms=other")]);
        Assert.Equal(130, read[("oscpfleet.limit.undelivered_age", "csms=main")]);
        Assert.Equal(100, read[("oscpfleet.limit.undelivered_age", "csms=other")]);

        metrics.SetUndelivered("a", "main", null);
        metrics.Forget("c");
        read = Read();
        Assert.Equal(1, read[("oscpfleet.sites.undelivered", "csms=main")]);
        Assert.Equal(100, read[("oscpfleet.limit.undelivered_age", "csms=main")]);
        // The endpoint's last site left the silo: its series reads 0 (it does not vanish).
        Assert.Equal(0, read[("oscpfleet.sites.undelivered", "csms=other")]);

        // Everything delivered: the endpoint's series read 0 instead of vanishing.
        metrics.SetUndelivered("b", "main", null);
        read = Read();
        Assert.Equal(0, read[("oscpfleet.sites.undelivered", "csms=main")]);
        Assert.Equal(0, read[("oscpfleet.limit.undelivered_age", "csms=main")]);
    }

    [Fact]
    public void The_outbox_gauges_give_the_depth_and_the_age_of_the_oldest_queued_message_per_peer()
    {
        using var metrics = new SiteMetrics(Factory, clock);
        var t0 = clock.GetUtcNow();
        metrics.SetOutboxDepth("a", "cp", [new OutboxMessage { CreatedAt = t0.AddSeconds(60) }, new OutboxMessage { CreatedAt = t0 }]);
        metrics.SetOutboxDepth("b", "cp", [new OutboxMessage { CreatedAt = t0.AddSeconds(120) }]);
        metrics.SetOutboxDepth("c", "cp", []);
        clock.Advance(TimeSpan.FromMinutes(10));

        var read = Read();
        Assert.Equal(3, read[("oscpfleet.outbox.depth", "peer=cp")]);
        Assert.Equal(600, read[("oscpfleet.outbox.oldest_age", "peer=cp")]);

        metrics.SetOutboxDepth("a", "cp", []);
        Assert.Equal(480, Read()[("oscpfleet.outbox.oldest_age", "peer=cp")]);

        metrics.SetOutboxDepth("b", "cp", []);
        read = Read();
        Assert.Equal(0, read[("oscpfleet.outbox.depth", "peer=cp")]);
        Assert.Equal(0, read[("oscpfleet.outbox.oldest_age", "peer=cp")]);
    }

    [Fact]
    public void A_site_with_an_empty_outbox_and_nothing_undelivered_holds_no_entry_in_those_series()
    {
        using var metrics = new SiteMetrics(Factory, clock);
        var held = new List<int>();

        metrics.SetOutboxDepth("a", "cp", []);
        metrics.SetUndelivered("a", "main", null);
        held.Add(metrics.SitesHeld);
        metrics.SetOutboxDepth("a", "cp", [new OutboxMessage { CreatedAt = clock.GetUtcNow() }]);
        metrics.SetUndelivered("a", "main", clock.GetUtcNow());
        held.Add(metrics.SitesHeld);
        metrics.SetOutboxDepth("a", "cp", []);
        metrics.SetUndelivered("a", "main", null);
        held.Add(metrics.SitesHeld);

        Assert.Equal([0, 2, 0], held);
        var read = Read();
        Assert.Equal(0, read[("oscpfleet.outbox.depth", "peer=cp")]);
        Assert.Equal(0, read[("oscpfleet.sites.undelivered", "csms=main")]);
    }

    [Fact]
    public void Webhook_attempts_are_counted_by_endpoint_and_outcome_and_failures_by_reason()
    {
        using var metrics = new SiteMetrics(Factory, clock);
        var counted = new List<(string Name, long Value, string Tags)>();
        using var listener = Listener(counted);
        metrics.WebhookAttempt("main", null);
        metrics.WebhookAttempt("main", "timeout");
        metrics.WebhookAttempt("other", "http_4xx");

        Assert.Equal(
            [
                ("oscpfleet.webhook.attempts", 1L, "csms=main,outcome=delivered"),
                ("oscpfleet.webhook.attempts", 1L, "csms=main,outcome=failed"),
                ("oscpfleet.webhook.failures", 1L, "csms=main,reason=timeout"),
                ("oscpfleet.webhook.attempts", 1L, "csms=other,outcome=failed"),
                ("oscpfleet.webhook.failures", 1L, "csms=other,reason=http_4xx"),
            ],
            counted);
    }

    [Fact]
    public void The_last_heartbeat_age_is_kept_per_peer_and_direction_from_accepted_heartbeats_only()
    {
        using var metrics = new PeerMetrics(Factory, clock);
        metrics.SetLastHeartbeats("cp", received: clock.GetUtcNow().AddSeconds(-50), sent: null);
        metrics.Heartbeat("cp", "out", "Delivered");
        clock.Advance(TimeSpan.FromSeconds(20));
        metrics.Heartbeat("cp", "in", "not-connected");
        metrics.Heartbeat("cp", "out", "Retryable");

        var read = Read();
        Assert.Equal(70, read[("oscpfleet.peer.last_heartbeat_age", "direction=in,peer=cp")]);
        Assert.Equal(20, read[("oscpfleet.peer.last_heartbeat_age", "direction=out,peer=cp")]);

        metrics.Heartbeat("cp", "in", "accepted");
        Assert.Equal(0, Read()[("oscpfleet.peer.last_heartbeat_age", "direction=in,peer=cp")]);
        metrics.Forget("cp");
        Assert.DoesNotContain(Read().Keys, k => k.Name == "oscpfleet.peer.last_heartbeat_age");
    }

    [Fact]
    public void Registry_site_counts_are_the_sum_of_the_shards_hosted_here_and_a_shard_that_left_no_longer_counts()
    {
        using var metrics = new RegistryMetrics(Factory);
        metrics.SetShard(0, [new SiteSummary("a", "cp", "forecast"), new SiteSummary("b", "cp", "forecast"), new SiteSummary("c", "cp", "disabled")]);
        metrics.SetShard(5, [new SiteSummary("d", "cp", "forecast"), new SiteSummary("e", "other", "fallback")]);

        var read = Read();
        Assert.Equal(3, read[("oscpfleet.sites", "peer=cp,state=forecast")]);
        Assert.Equal(1, read[("oscpfleet.sites", "peer=cp,state=disabled")]);
        Assert.Equal(1, read[("oscpfleet.sites", "peer=other,state=fallback")]);
        Assert.Equal(2, read[("oscpfleet.registry.shards", "")]);

        metrics.ForgetShard(5);
        read = Read();
        Assert.Equal(2, read[("oscpfleet.sites", "peer=cp,state=forecast")]);
        Assert.False(read.ContainsKey(("oscpfleet.sites", "peer=other,state=fallback")));
        Assert.Equal(1, read[("oscpfleet.registry.shards", "")]);
    }

    /// <summary>Every observable gauge of this test's meters, by name and sorted tags.</summary>
    private Dictionary<(string Name, string Tags), double> Read()
    {
        var values = new Dictionary<(string Name, string Tags), double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, Factory)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => values[(i.Name, Tags(t))] = v);
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => values[(i.Name, Tags(t))] = v);
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => values[(i.Name, Tags(t))] = v);
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    private MeterListener Listener(List<(string Name, long Value, string Tags)> counted)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter.Scope, Factory) && instrument is Counter<long>) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => counted.Add((i.Name, v, Tags(t))));
        listener.Start();
        return listener;
    }

    private static string Tags(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        string.Join(",", tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
}
