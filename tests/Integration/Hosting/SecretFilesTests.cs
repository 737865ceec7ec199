using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway;
using OscpFleet.Hosting;
using OscpFleet.Silo;

namespace OscpFleet.Integration.Hosting;

public sealed class SecretFilesTests : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("oscpfleet-secrets-");

    public void Dispose() => directory.Delete(recursive: true);

    private static WebApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    [Fact]
    public void Each_file_is_a_key_with_double_underscores_for_colons_and_wins_over_other_sources()
    {
        File.WriteAllText(Path.Combine(directory.FullName, "Storage__TableConnectionString"), "from-the-file");
        File.WriteAllText(Path.Combine(directory.FullName, "Csms__Endpoints__main__Secrets__0"), "webhook-secret-from-the-file");
        // Kubernetes' own bookkeeping entries in a Secret volume start with "..": never keys.
        File.WriteAllText(Path.Combine(directory.FullName, "..data"), "not a key");
        var builder = Builder(new() { ["Secrets:Directory"] = directory.FullName, ["Storage:TableConnectionString"] = "from-appsettings" });

        builder.AddFleetSecretFiles();

        Assert.Equal("from-the-file", builder.Configuration["Storage:TableConnectionString"]);
        Assert.Equal("webhook-secret-from-the-file", builder.Configuration["Csms:Endpoints:main:Secrets:0"]);
        Assert.Null(builder.Configuration["..data"]);
    }

    [Fact]
    public async Task A_missing_secrets_directory_is_refused_at_start_up_naming_the_key()
    {
        var missing = Path.Combine(directory.FullName, "not-mounted");
        await using var silo = SiloHost.Build(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Secrets:Directory"] = missing,
                ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true",
            }));

        var error = await Assert.ThrowsAnyAsync<Exception>(() => silo.StartAsync());

        Assert.Contains("Secrets:Directory: the directory does not exist (mount the secret volume there, or unset the key)", ConfigurationErrors.Failures(error));
    }

    // The Deployments set ShutdownTimeoutSeconds to fit inside terminationGracePeriodSeconds (DeploymentManifestTests).
    [Fact]
    public async Task ShutdownTimeoutSeconds_sets_how_long_the_host_waits_for_a_graceful_stop()
    {
        await using var gateway = GatewayHost.Build(new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ShutdownTimeoutSeconds"] = "20",
                ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true",
            }));

        Assert.Equal(TimeSpan.FromSeconds(20), gateway.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
