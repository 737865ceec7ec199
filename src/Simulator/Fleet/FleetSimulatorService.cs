using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>Starts and stops the simulator's own activity: onboarding once it listens, and the meter value schedule.</summary>
internal sealed class FleetSimulatorService(
    CsmsSimulator simulator,
    FleetOnboarding onboarding,
    FleetMeterValues meterValues,
    IHostApplicationLifetime lifetime,
    ILogger<FleetSimulatorService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the server listens, so a test's first clock advance already finds the timer.
        meterValues.Start();
        lifetime.ApplicationStarted.Register(OnStarted);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        meterValues.Dispose();
        return Task.CompletedTask;
    }

    private void OnStarted()
    {
        var options = simulator.Options;
        FleetSimulatorLog.Listening(
            logger, simulator.BaseAddress.ToString(), simulator.WebhookUrl.ToString(), options.FleetBaseUrl, options.Sites.Count, options.Sites.Sum(s => s.Chargers.Count));
        if (options.OnboardSites) onboarding.StartInBackground(site: null);
    }
}
