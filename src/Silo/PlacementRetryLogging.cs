using Polly.Telemetry;

namespace OscpFleet.Silo;

/// <summary>
/// Orleans retries a grain placement that fails for a transient cause (a silo just lost, a call timed out) through its
/// own resilience pipeline (<see cref="PlacementPipeline"/>), and logs those retries itself at Debug. Polly's telemetry
/// logs the same pipeline's every attempt at Warning or Error, each with its exception's stack trace: after a silo's
/// kill at 10,000 sites, thousands of lines a surviving silo in a few seconds, rendered while that silo reactivates the
/// lost silo's sites. Those events go to Debug; every other pipeline (the OSCP client's among them) keeps its
/// severities.
/// </summary>
public static class PlacementRetryLogging
{
    /// <summary>The placement pipeline's name (Orleans' <c>OrleansRuntimeResiliencePolicies.PlacementResiliencePipelineKey</c>, internal in 10.4).</summary>
    public const string PlacementPipeline = "Orleans.Placement";

    /// <summary>Logs the placement pipeline's resilience events at Debug.</summary>
    public static IServiceCollection QuietPlacementRetries(this IServiceCollection services) =>
        services.Configure<TelemetryOptions>(options =>
        {
            var previous = options.SeverityProvider;
            options.SeverityProvider = args => args.Source.PipelineName == PlacementPipeline
                ? ResilienceEventSeverity.Debug
                : previous?.Invoke(args) ?? args.Event.Severity;
        });
}
