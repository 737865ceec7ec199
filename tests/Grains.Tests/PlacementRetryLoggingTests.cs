using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Silo;
using Polly;
using Polly.Registry;
using Polly.Retry;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Orleans' placement retries are not logged at Warning or Error with their stack traces (thousands of them on a
/// surviving silo after another is killed); every other resilience pipeline keeps Polly's severities.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class PlacementRetryLoggingTests(SiteCluster cluster)
{
    [Fact]
    public void The_silo_has_a_resilience_pipeline_of_that_name()
    {
        var pipelines = cluster.SiloServices.GetRequiredService<ResiliencePipelineProvider<string>>();

        Assert.True(pipelines.TryGetPipeline<SiloAddress>(PlacementRetryLogging.PlacementPipeline, out _));
    }

    [Fact]
    public async Task Failed_placement_attempts_log_nothing_at_information_or_above_while_another_pipeline_still_warns()
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Information).AddFakeLogging());
        // As Orleans registers its placement pipeline (a retry of transient failures, choosing a silo), and another one beside it.
        string[] names = [PlacementRetryLogging.PlacementPipeline, "oscp-client"];
        foreach (var name in names)
        {
            services.AddResiliencePipeline<string, SiloAddress>(name, builder => builder.AddRetry(new RetryStrategyOptions<SiloAddress>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder<SiloAddress>().Handle<OrleansException>(),
            }));
        }
        services.QuietPlacementRetries();
        await using var provider = services.BuildServiceProvider();
        var pipelines = provider.GetRequiredService<ResiliencePipelineProvider<string>>();

        foreach (var name in names)
        {
            await Assert.ThrowsAsync<OrleansException>(async () => await pipelines.GetPipeline<SiloAddress>(name)
                .ExecuteAsync<SiloAddress>(_ => throw new OrleansException("Unable to connect to endpoint S127.0.0.1:11111:1"), CancellationToken.None));
        }

        var logged = provider.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(logged, l => l.Message.Contains(PlacementRetryLogging.PlacementPipeline, StringComparison.Ordinal));
        Assert.Contains(logged, l => l.Level >= LogLevel.Warning && l.Message.Contains("oscp-client", StringComparison.Ordinal));
    }
}
