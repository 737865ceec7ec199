using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using OscpFleet.Gateway;
using OscpFleet.Hosting;
using OscpFleet.Silo;

namespace OscpFleet.Integration.Hosting;

public sealed class StartupValidationTests
{
    private static readonly WebApplicationOptions Options = new() { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory };

    // Validation runs when the host starts (ValidateOnStart), before Kestrel or Orleans does: nothing listens.
    [Fact]
    public async Task Silo_refuses_to_start_naming_every_missing_or_invalid_key()
    {
        await using var silo = SiloHost.Build(Options, b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = "",
            ["Cluster:SiloPort"] = "0",
            ["Oscp:Peers:vector_test:Profile"] = "vector",
            ["Oscp:Peers:vector_test:BaseUrl"] = "not a url",
        }));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync());
        var failures = ConfigurationErrors.Failures(error);

        Assert.Contains("Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true), or Storage:TableEndpoint with an identity", failures);
        Assert.Contains("Cluster:SiloPort: must be a TCP port (1-65535)", failures);
        Assert.Contains("Oscp:Peers:vector_test:BaseUrl: must be an absolute http(s) URL", failures);
        Assert.Contains("Oscp:Peers:vector_test:ClientSecret: is required", failures);
    }

    [Fact]
    public async Task Gateway_refuses_to_start_naming_the_key_and_never_echoing_the_connection_string()
    {
        const string secretish = "AccountKey=not-base64!!";
        await using var gateway = GatewayHost.Build(Options, b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = secretish,
            ["Oscp:MaxBodyBytes"] = "1000",
        }));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => gateway.StartAsync());
        var failures = ConfigurationErrors.Failures(error);

        Assert.Contains("Storage:TableConnectionString: is not a valid Azure Storage connection string", failures);
        Assert.Contains("Oscp:MaxBodyBytes: must be >= 1048576", failures);
        Assert.DoesNotContain(secretish, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(failures, f => f.Contains(secretish, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_configuration_exits_with_code_2_and_one_line_per_problem()
    {
        var stderr = new StringWriter();
        var original = Console.Error;
        Console.SetError(stderr);
        int code;
        try
        {
            code = await ConfigurationErrors.ExitOnInvalidAsync(() => SiloHost.Build(Options, b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:TableConnectionString"] = "",
                ["Cluster:SiloPort"] = "0",
            })));
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, code);
        Assert.Equal(
            [
                "OscpFleet cannot start: the configuration is invalid.",
                "  Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true), or Storage:TableEndpoint with an identity",
                "  Cluster:SiloPort: must be a TCP port (1-65535)",
            ],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
