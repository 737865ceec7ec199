namespace OscpFleet.Integration.Hosting;

// The silo wires Orleans' Kubernetes hosting exactly when the selection says so. The process environment is changed for
// the duration (integration tests run one at a time) and the silo is only built, never started: no API server is needed.
public sealed class KubernetesHostingWiringTests
{
    private static readonly string[] PodVariables = ["KUBERNETES_SERVICE_HOST", "POD_NAMESPACE", "POD_NAME"];

    [Fact]
    public async Task A_silo_in_a_pod_uses_kubernetes_hosting_and_one_outside_does_not()
    {
        // Saved and restored: a CI runner may itself run in a pod.
        var saved = PodVariables.ToDictionary(v => v, System.Environment.GetEnvironmentVariable);
        try
        {
            foreach (var variable in PodVariables) System.Environment.SetEnvironmentVariable(variable, null);
            Assert.False(await UsesKubernetesHostingAsync());
            System.Environment.SetEnvironmentVariable("KUBERNETES_SERVICE_HOST", "10.0.0.1");
            System.Environment.SetEnvironmentVariable("POD_NAMESPACE", "oscpfleet");
            System.Environment.SetEnvironmentVariable("POD_NAME", "oscpfleet-silo-0");
            Assert.True(await UsesKubernetesHostingAsync());
            Assert.False(await UsesKubernetesHostingAsync(("Cluster:KubernetesHosting", "false")));
        }
        finally
        {
            foreach (var (variable, value) in saved) System.Environment.SetEnvironmentVariable(variable, value);
        }
    }

    private static async Task<bool> UsesKubernetesHostingAsync(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?> { ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true" };
        foreach (var (key, value) in settings) values[key] = value;
        await using var silo = OscpFleet.Silo.SiloHost.Build(
            new Microsoft.AspNetCore.Builder.WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => Microsoft.Extensions.Configuration.MemoryConfigurationBuilderExtensions.AddInMemoryCollection(b.Configuration, values));
        return Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetServices<Microsoft.Extensions.Options.IConfigureOptions<Orleans.Hosting.Kubernetes.KubernetesHostingOptions>>(silo.Services)
            .Any();
    }
}
