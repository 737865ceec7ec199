using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Onboards the sites through the operator API (<c>PUT /api/v1/sites/{groupId}</c>), retrying with back-off until
/// the gateway answers 2xx — it may start after the simulator — or refuses the body for good.
/// </summary>
internal sealed class FleetOnboarding(
    FleetGateway gateway, FleetSites sites, FleetSimulatorOptions options, IHostApplicationLifetime lifetime, ILogger<FleetOnboarding> logger)
{
    /// <summary>
    /// Onboards one site (or every site) in the background until the simulator stops; throws at once when no operator
    /// client is configured.
    /// </summary>
    public void StartInBackground(SimulatedSite? site)
    {
        RequireOperatorClient();
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                if (site is null) await OnboardAllAsync(lifetime.ApplicationStopping).ConfigureAwait(false);
                else await OnboardAsync(site, lifetime.ApplicationStopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped before the gateway answered.
            }
            catch (Exception e)
            {
                FleetSimulatorLog.Crashed(logger, "Onboarding", e);
            }
        }
    }

    /// <summary>Every site at once; the final call of each.</summary>
    public async Task<IReadOnlyList<GatewayCall>> OnboardAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(sites.All.Select(s => OnboardAsync(s, cancellationToken))).ConfigureAwait(false);

    /// <summary>Throws <see cref="InvalidOperationException"/> when no operator client is configured (onboarding off at start).</summary>
    public void RequireOperatorClient()
    {
        if (string.IsNullOrWhiteSpace(options.OperatorClientId) || string.IsNullOrWhiteSpace(options.OperatorClientSecret))
            throw new InvalidOperationException(
                $"Onboarding needs {FleetSimulatorOptions.Section}:OperatorClientId and {FleetSimulatorOptions.Section}:OperatorClientSecret.");
    }

    /// <summary>One site; the final call (2xx, or a refusal that retrying will not change).</summary>
    /// <exception cref="InvalidOperationException">No operator client is configured.</exception>
    public async Task<GatewayCall> OnboardAsync(SimulatedSite site, CancellationToken cancellationToken)
    {
        RequireOperatorClient();
        site.Onboarding = OnboardingState.Pending;
        var body = JsonSerializer.Serialize(SiteRegistration.Of(site.Options), FleetJson.Options);
        var request = new GatewayRequest(
            GatewayCallKind.Onboard, HttpMethod.Put, $"/api/v1/sites/{Uri.EscapeDataString(site.GroupId)}", body, gateway.Operator, site.GroupId);
        // Settled before the call is recorded: whoever waits for the record finds the site onboarded (or rejected).
        return (await gateway.DeliverAsync(request, stillWanted: null, cancellationToken, Settle).ConfigureAwait(false))!;

        void Settle(GatewayCall call)
        {
            if (call.Succeeded)
            {
                site.Onboarding = OnboardingState.Onboarded;
                FleetSimulatorLog.Onboarded(
                    logger, site.GroupId, site.Options.PeerId!, site.Options.Chargers.Count, site.Options.EffectiveMaxImportKw, site.Options.Csms, call.Status);
            }
            else
            {
                site.Onboarding = OnboardingState.Rejected;
                FleetSimulatorLog.OnboardRejected(logger, site.GroupId, call.Status, call.ResponseBody);
            }
        }
    }
}
