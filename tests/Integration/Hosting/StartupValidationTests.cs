using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway;
using OscpFleet.Silo;

namespace OscpFleet.Integration.Hosting;

public sealed class StartupValidationTests
{
    private static readonly WebApplicationOptions Options = new() { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory };

    [Fact]
    public void Silo_refuses_to_start_naming_every_missing_or_invalid_key()
    {
        var error = Assert.Throws<OptionsValidationException>(() => SiloHost.Build(Options, b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = "",
            ["Cluster:SiloPort"] = "0",
            ["Oscp:Peers:vector_test:Profile"] = "vector",
            ["Oscp:Peers:vector_test:BaseUrl"] = "not a url",
        })));

        Assert.Contains("Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true)", error.Failures);
        Assert.Contains("Cluster:SiloPort: must be a TCP port (1-65535)", error.Failures);
        Assert.Contains("Oscp:Peers:vector_test:BaseUrl: must be an absolute http(s) URL", error.Failures);
        Assert.Contains("Oscp:Peers:vector_test:ClientSecret: is required", error.Failures);
    }

    [Fact]
    public void Gateway_refuses_to_start_naming_the_key_and_never_echoing_the_connection_string()
    {
        const string secretish = "AccountKey=not-base64!!";
        var error = Assert.Throws<OptionsValidationException>(() => GatewayHost.Build(Options, b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = secretish,
            ["Oscp:MaxBodyBytes"] = "1000",
        })));

        Assert.Contains("Storage:TableConnectionString: is not a valid Azure Storage connection string", error.Failures);
        Assert.Contains("Oscp:MaxBodyBytes: must be >= 1048576", error.Failures);
        Assert.DoesNotContain(secretish, error.Message, StringComparison.Ordinal);
    }
}
