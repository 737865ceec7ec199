using OscpFleet.Hosting;

namespace OscpFleet.Integration.Hosting;

// Orleans' Kubernetes hosting throws outside a pod, so it is on only where the pod's variables are.
public sealed class KubernetesHostingSelectionTests
{
    private static readonly Dictionary<string, string> InPod = new()
    {
        ["KUBERNETES_SERVICE_HOST"] = "10.0.0.1",
        ["POD_NAMESPACE"] = "oscpfleet",
        ["POD_NAME"] = "oscpfleet-silo-7d9c-abcde",
    };

    private static Func<string, string?> Environment(Dictionary<string, string> variables) => name => variables.GetValueOrDefault(name);

    [Fact]
    public void Unset_means_on_in_a_pod_with_the_downward_api_variables()
    {
        Assert.True(new FleetClusterOptions().UsesKubernetesHosting(Environment(InPod)));
    }

    [Theory]
    [InlineData("KUBERNETES_SERVICE_HOST")]
    [InlineData("POD_NAMESPACE")]
    [InlineData("POD_NAME")]
    public void Unset_means_off_when_any_of_the_pod_variables_is_missing(string missing)
    {
        var variables = new Dictionary<string, string>(InPod);
        variables.Remove(missing);

        Assert.False(new FleetClusterOptions().UsesKubernetesHosting(Environment(variables)));
    }

    [Fact]
    public void False_turns_it_off_even_in_a_pod()
    {
        Assert.False(new FleetClusterOptions { KubernetesHosting = false }.UsesKubernetesHosting(Environment(InPod)));
    }

    [Fact]
    public void True_outside_a_pod_is_refused_at_start_up_naming_the_key()
    {
        var options = new FleetClusterOptions { KubernetesHosting = true };

        Assert.Equal(
            ["Cluster:KubernetesHosting: needs the POD_NAMESPACE and POD_NAME environment variables (downward API); set false outside a pod"],
            options.Validate(Environment([])));
        Assert.Empty(options.Validate(Environment(InPod)));
    }
}
