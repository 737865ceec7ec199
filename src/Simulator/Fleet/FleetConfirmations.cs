using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// Confirms applied versions (<c>POST /api/v1/sites/{groupId}/limits/{version}/applied</c>, empty body, csms token)
/// after the scripted delay, retrying with back-off on 5xx, 401, 408, 429 and transport errors. A version
/// superseded before its confirmation left is not confirmed: only what is in force is.
/// </summary>
internal sealed class FleetConfirmations(
    FleetGateway gateway,
    FleetScript script,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<FleetConfirmations> logger)
{
    /// <summary>Starts confirming <paramref name="version"/>; false when confirming is stopped.</summary>
    public bool Schedule(SimulatedSite site, long version)
    {
        if (!script.Confirming) return false;
        var delay = script.ConfirmDelay;
        // Created now, before the webhook is answered: a test that saw the answer can advance the clock past the delay.
        var wait = delay > TimeSpan.Zero ? Task.Delay(delay, time, lifetime.ApplicationStopping) : Task.CompletedTask;
        _ = ConfirmAsync(site, version, wait);
        return true;
    }

    private async Task ConfirmAsync(SimulatedSite site, long version, Task wait)
    {
        try
        {
            await wait.ConfigureAwait(false);
            var path = $"/api/v1/sites/{Uri.EscapeDataString(site.GroupId)}/limits/{version}/applied";
            var request = new GatewayRequest(GatewayCallKind.Applied, HttpMethod.Post, path, null, gateway.Csms, site.GroupId, version);
            var call = await gateway.DeliverAsync(
                request, () => site.AppliedVersion == version && script.Confirming, lifetime.ApplicationStopping).ConfigureAwait(false);
            if (call is null) FleetSimulatorLog.ConfirmDropped(logger, version, site.GroupId, site.AppliedVersion);
            else if (call.Succeeded) FleetSimulatorLog.Confirmed(logger, version, site.GroupId, call.Status);
            else FleetSimulatorLog.ConfirmRefused(logger, version, site.GroupId, call.Status, call.ResponseBody);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (Exception e)
        {
            FleetSimulatorLog.Crashed(logger, "Confirming a limit version", e);
        }
    }
}
