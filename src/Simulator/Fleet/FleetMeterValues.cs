using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Meter values: every <c>MeterIntervalSeconds</c> (simulator clock) one sample per charger of every eligible site is
/// taken and everything not yet taken by the gateway goes in one <c>POST /api/v1/meter-values</c>. A 2xx drops what was
/// sent; a 400 (or another final 4xx) is logged with the gateway's problem body and drops it too; anything else (429,
/// 503, other 5xx, 408, 401 after a fresh token, a transport error) keeps the samples for the next interval, at most
/// <c>MaxPendingSamplesPerCharger</c> per charger (the oldest go first). Sending a sample twice is safe: the gateway
/// de-duplicates by (chargerId, at).
/// </summary>
internal sealed class FleetMeterValues(
    FleetGateway gateway,
    FleetSites sites,
    FleetSimulatorOptions options,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<FleetMeterValues> logger) : IDisposable
{
    private readonly Lock _gate = new();
    // One send at a time, so a slow answer never lets two requests race over the same pending samples.
    private readonly SemaphoreSlim _sending = new(1, 1);
    // Per (site, charger): the samples the gateway has not taken yet, oldest first.
    private readonly Dictionary<(string GroupId, string ChargerId), List<MeterValueSample>> _pending = [];
    private ITimer? _timer;
    private DateTimeOffset? _nextTickAt;

    /// <summary>How many samples wait for the next send, over every charger.</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate) return _pending.Values.Sum(p => p.Count);
        }
    }

    private TimeSpan Interval => TimeSpan.FromSeconds(options.MeterIntervalSeconds);

    /// <summary>Starts the schedule (when an interval is configured).</summary>
    public void Start()
    {
        if (options.MeterIntervalSeconds <= 0) return;
        lock (_gate)
        {
            if (_timer is not null) return;
            _nextTickAt = time.GetUtcNow() + Interval;
            _timer = time.CreateTimer(static state => ((FleetMeterValues)state!).Tick(), this, Interval, Interval);
        }
    }

    /// <summary>
    /// Takes a sample of every eligible site now and sends it with everything still pending; null when no site is
    /// eligible yet (or a send running meanwhile took the samples).
    /// </summary>
    public async Task<GatewayCall?> SendAsync(CancellationToken cancellationToken)
    {
        if (!Sample(time.GetUtcNow())) return null;
        return await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _timer?.Dispose();
    }

    private void Tick()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested) return;
        var now = time.GetUtcNow();
        lock (_gate) _nextTickAt = now + Interval;
        // Sampled here, synchronously, so every sample carries its tick's instant even if the send has to wait.
        if (Sample(now)) _ = FlushInBackgroundAsync();
    }

    // One sample per charger of every eligible site into the pending queues; false when no site is eligible.
    private bool Sample(DateTimeOffset now)
    {
        // Whole milliseconds: exactly the instant the body will carry (RFC 3339 with at most milliseconds).
        now = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        // A site the gateway does not know yet would make it refuse the whole request.
        var eligible = sites.All.Where(s => !options.OnboardSites || s.Onboarding == OnboardingState.Onboarded).ToList();
        if (eligible.Count == 0) return false;
        var overflow = new List<(string GroupId, string ChargerId, int Dropped)>();
        foreach (var site in eligible)
        {
            var samples = site.Samples(now);
            lock (_gate)
            {
                foreach (var sample in samples)
                {
                    var key = (site.GroupId, sample.ChargerId);
                    if (!_pending.TryGetValue(key, out var queue)) _pending[key] = queue = [];
                    // Two samples of one instant (a manual send at a tick) would be one row twice in a body.
                    if (queue.Count > 0 && queue[^1].At == sample.At) queue[^1] = sample;
                    else queue.Add(sample);
                    var excess = queue.Count - options.MaxPendingSamplesPerCharger;
                    if (excess <= 0) continue;
                    queue.RemoveRange(0, excess);
                    overflow.Add((site.GroupId, sample.ChargerId, excess));
                }
            }
        }

        foreach (var (groupId, chargerId, dropped) in overflow)
            FleetSimulatorLog.MeterSamplesOverflow(logger, chargerId, groupId, dropped, options.MaxPendingSamplesPerCharger);
        return true;
    }

    private async Task<GatewayCall?> FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (body, taken) = TakePending();
            if (taken.Count == 0) return null;
            var json = JsonSerializer.Serialize(body, FleetJson.Options);
            var request = new GatewayRequest(GatewayCallKind.MeterValues, HttpMethod.Post, "/api/v1/meter-values", json, gateway.Csms);
            return await gateway.SendRecordedAsync(request, cancellationToken, call => Settle(call, taken, body.Sites.Count)).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    // Everything pending, by site in configuration order and, within a site, by time then charger order.
    private (MeterValuesBody Body, HashSet<MeterValueSample> Taken) TakePending()
    {
        var taken = new HashSet<MeterValueSample>(ReferenceEqualityComparer.Instance);
        var bySite = new List<SiteMeterValues>();
        lock (_gate)
        {
            foreach (var site in sites.All)
            {
                var samples = site.Options.Chargers
                    .SelectMany(c => _pending.TryGetValue((site.GroupId, c.Id!), out var queue) ? queue : [])
                    .OrderBy(s => s.At) // stable: chargers stay in configuration order within an instant
                    .ToList();
                if (samples.Count == 0) continue;
                taken.UnionWith(samples);
                bySite.Add(new SiteMeterValues(site.GroupId, samples));
            }
        }

        return (new MeterValuesBody(bySite), taken);
    }

    // Applied before the call's record appears: a test that sees the record sees the queues that follow from it.
    private GatewayCall Settle(GatewayCall call, HashSet<MeterValueSample> taken, int siteCount)
    {
        if (FleetGateway.IsFinal(call))
        {
            lock (_gate)
            {
                foreach (var queue in _pending.Values) queue.RemoveAll(taken.Contains);
            }

            if (call.Succeeded) FleetSimulatorLog.MeterValuesSent(logger, siteCount, taken.Count, call.Status);
            else FleetSimulatorLog.MeterValuesRefused(logger, call.Status, taken.Count, call.ResponseBody);
            return call;
        }

        int pending;
        DateTimeOffset? retryAt;
        lock (_gate)
        {
            pending = _pending.Values.Sum(p => p.Count);
            retryAt = _timer is null ? null : _nextTickAt;
        }

        FleetSimulatorLog.MeterValuesDeferred(logger, siteCount, call.Error, taken.Count, pending);
        return call with { RetryAt = retryAt };
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            FleetSimulatorLog.Crashed(logger, "Sending meter values", e);
        }
    }
}
