using System.Net;
using Azure.Data.Tables;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

// The rendered dev overlay as processes: the published silo and gateway started twice and once with exactly the
// environment, arguments and files their Deployments define (PodProcess says what is mapped and why), storage pointed
// at a local Azurite. The cluster must form, answer ready, and stop cleanly within the grace periods.
public sealed class DeploymentSmokeTests : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly DirectoryInfo work = Directory.CreateTempSubdirectory("oscpfleet-pods-");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        work.Delete(recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_dev_overlay_run_as_two_silos_and_a_gateway_forms_a_cluster_that_answers_ready()
    {
        var manifests = await Manifests.RenderAsync("overlays/dev");
        // Published once per build and shared with the process-cluster tests (each pod copies it into its own root).
        var silo = await PublishedImage.CachedAsync("Silo");
        var gateway = await PublishedImage.CachedAsync("Gateway");
        await using var azurite = await Azurite.StartAsync();
        var storage = new Dictionary<string, string> { ["Storage__TableConnectionString"] = azurite.ConnectionString };
        var pods = Path.Combine(work.FullName, "pods");

        await using var silo1 = PodProcess.Start(manifests, "oscpfleet-silo", "oscpfleet-silo-a", silo, pods, storage);
        await using var silo2 = PodProcess.Start(manifests, "oscpfleet-silo", "oscpfleet-silo-b", silo, pods, storage);
        await using var gateway1 = PodProcess.Start(manifests, "oscpfleet-gateway", "oscpfleet-gateway-a", gateway, pods, storage);
        var created = SnapshotFiles(pods);
        // A silo's host reports "started" once it has joined the cluster; the gateway's once its Orleans client is connected.
        await Task.WhenAll(silo1.WaitStartedAsync(StartTimeout), silo2.WaitStartedAsync(StartTimeout), gateway1.WaitStartedAsync(StartTimeout));

        var membership = new TableServiceClient(azurite.ConnectionString).GetTableClient("OrleansSiloInstances");
        var active = membership.QueryAsync<TableEntity>(e => e.PartitionKey == "oscpfleet-dev");
        var silos = new List<string>();
        await foreach (var row in active)
        {
            if (row.GetString("Status") == "Active") silos.Add(row.GetString("SiloName"));
        }
        Assert.Equal(2, silos.Count);
        foreach (var (pod, port) in new[] { (silo1, 8080), (silo2, 8080), (gateway1, 8080), (gateway1, 8081) })
        {
            using var http = pod.Http(port);
            using var ready = await http.GetAsync("/readyz");
            Assert.True(ready.StatusCode == HttpStatusCode.OK, $"{pod.Name}:{port} /readyz {(int)ready.StatusCode}: {await ready.Content.ReadAsStringAsync()}\n{pod.Tail}");
        }
        // The operator port serves the token endpoint with the dev client's secret, signed with the key from the gateway's secret file.
        using (var operatorApi = gateway1.Http(8081))
        using (var token = await operatorApi.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
               {
                   ["grant_type"] = "client_credentials", ["client_id"] = "ops_console", ["client_secret"] = "dev-only-operator-secret",
               })))
        {
            Assert.True(token.StatusCode == HttpStatusCode.OK, $"/oauth/token {(int)token.StatusCode}: {await token.Content.ReadAsStringAsync()}");
        }

        // Kubernetes stops a pod with SIGTERM and kills it after terminationGracePeriodSeconds: each stops cleanly before.
        foreach (var pod in new[] { gateway1, silo2, silo1 })
        {
            Assert.True(await pod.TerminateAsync() == 0, $"{pod.Name} exit code\n{pod.Tail}");
        }
        // Read-only root filesystem: nothing was written outside the emptyDir mounted at /tmp.
        var written = SnapshotFiles(pods).Except(created).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}tmp{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.Empty(written);
    }

    private static HashSet<string> SnapshotFiles(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)];
}
