using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Every <c>MeterIntervalSeconds</c> (simulator clock) one <c>POST /api/v1/meter-values</c> with a sample per
/// charger of every onboarded site. Not retried: the registers are cumulative, so the next sample carries what
/// a lost one would have.
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
    private ITimer? _timer;

    /// <summary>Starts the schedule (when an interval is configured).</summary>
    public void Start()
    {
        if (options.MeterIntervalSeconds <= 0) return;
        var interval = TimeSpan.FromSeconds(options.MeterIntervalSeconds);
        lock (_gate) _timer ??= time.CreateTimer(static state => ((FleetMeterValues)state!).Tick(), this, interval, interval);
    }

    /// <summary>Sends every eligible site's samples now; null when no site is onboarded yet.</summary>
    public async Task<GatewayCall?> SendAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // A site the gateway does not know yet would make it refuse the whole request.
        var eligible = sites.All.Where(s => !options.OnboardSites || s.Onboarding == OnboardingState.Onboarded).ToList();
        if (eligible.Count == 0) return null;
        var body = new MeterValuesBody([.. eligible.Select(s => new SiteMeterValues(s.GroupId, s.Samples(now)))]);
        var json = JsonSerializer.Serialize(body, FleetJson.Options);
        var call = await gateway.SendRecordedAsync(
            new GatewayRequest(GatewayCallKind.MeterValues, HttpMethod.Post, "/api/v1/meter-values", json, gateway.Csms), cancellationToken).ConfigureAwait(false);
        var samples = body.Sites.Sum(s => s.Samples.Count);
        if (call.Succeeded) FleetSimulatorLog.MeterValuesSent(logger, eligible.Count, samples, call.Status);
        else FleetSimulatorLog.MeterValuesFailed(logger, eligible.Count, call.Error, call.ResponseBody);
        return call;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate) _timer?.Dispose();
    }

    private void Tick()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested) return;
        _ = SendInBackgroundAsync();
    }

    private async Task SendInBackgroundAsync()
    {
        try
        {
            await SendAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
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
