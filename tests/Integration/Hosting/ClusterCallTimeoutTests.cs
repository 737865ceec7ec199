using OscpFleet.Hosting;

namespace OscpFleet.Integration.Hosting;

// The gateway's wait for one silo call (below a caller's HTTP timeout, so a call lost with a silo is answered 503), and
// its wait before trying the cluster again when no silo could be reached.
public sealed class ClusterCallTimeoutTests
{
    [Fact]
    public void The_defaults_are_15_and_2_seconds_and_valid()
    {
        var options = new FleetClusterOptions();

        Assert.Equal(15, options.CallTimeoutSeconds);
        Assert.Equal(2, options.ReconnectDelaySeconds);
        Assert.Empty(options.Validate(_ => null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(121)]
    public void A_value_outside_1_to_120_seconds_is_refused_naming_the_key(int seconds)
    {
        var errors = new FleetClusterOptions { CallTimeoutSeconds = seconds }.Validate(_ => null);

        Assert.Equal("Cluster:CallTimeoutSeconds: must be between 1 and 120 seconds", Assert.Single(errors));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(61)]
    public void A_reconnect_delay_outside_1_to_60_seconds_is_refused_naming_the_key(int seconds)
    {
        var errors = new FleetClusterOptions { ReconnectDelaySeconds = seconds }.Validate(_ => null);

        Assert.Equal("Cluster:ReconnectDelaySeconds: must be between 1 and 60 seconds", Assert.Single(errors));
    }
}
