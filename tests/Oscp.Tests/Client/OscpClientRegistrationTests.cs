using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientRegistrationTests
{
    [Fact]
    public async Task Registering_twice_keeps_one_pipeline_so_retries_and_request_ids_are_not_doubled()
    {
        var network = new ScriptedNetwork();
        network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.ServiceUnavailable);
        var services = new ServiceCollection();
        services.AddOscpClient().ConfigurePrimaryHttpMessageHandler(() => network);
        services.AddOscpClient();
        services.Configure<OscpClientOptions>(o => (o.RetryDelay, o.MaxRetryAttempts) = (TimeSpan.Zero, 2));
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<OscpClient>().SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Retryable, result.Outcome);
        Assert.Equal(3, network.Requests.Count);
        Assert.All(network.Requests, r => Assert.Single(r.Values("X-Request-ID")));
    }

    [Fact]
    public void Client_options_default_to_10_s_attempts_30_s_in_total_and_two_quick_retries()
    {
        var options = new OscpClientOptions();

        Assert.Equal(TimeSpan.FromSeconds(10), options.AttemptTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.TotalTimeout);
        Assert.Equal(2, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.RetryDelay);
        Assert.Equal(TimeSpan.FromSeconds(10), options.TokenRequestTimeout);
        Assert.Equal("OscpFleet.Oscp.Client", OscpClientRegistration.MeterName);
    }
}
