using System.Collections.Concurrent;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OscpFleet.Hosting;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Hosting;

// Which Table Storage client the configuration selects. No Azure: a credential fetches nothing until the first call.
public sealed class StorageSelectionTests
{
    private const string Endpoint = "https://fleetstore.table.core.windows.net";

    [Fact]
    public void A_connection_string_selects_the_account_it_names()
    {
        var options = new StorageOptions { TableConnectionString = "DefaultEndpointsProtocol=https;AccountName=fleetstore;AccountKey=a2V5;EndpointSuffix=core.windows.net" };

        Assert.Empty(options.Validate());
        var client = TableClients.Create(options);
        Assert.Equal("fleetstore", client.AccountName);
        Assert.Equal(new Uri(Endpoint + "/"), client.Uri);
    }

    [Fact]
    public void An_endpoint_without_a_key_selects_workload_identity_by_default()
    {
        var options = new StorageOptions { TableEndpoint = Endpoint };

        Assert.Empty(options.Validate());
        Assert.IsType<WorkloadIdentityCredential>(TableClients.Credential(options));
        var client = TableClients.Create(options);
        Assert.Equal("fleetstore", client.AccountName);
        Assert.Equal(new Uri(Endpoint), client.Uri);
    }

    [Fact]
    public void An_endpoint_with_the_default_credential_selects_azures_credential_chain()
    {
        var options = new StorageOptions { TableEndpoint = Endpoint, Credential = StorageOptions.DefaultCredential };

        Assert.Empty(options.Validate());
        Assert.IsType<DefaultAzureCredential>(TableClients.Credential(options));
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true", Endpoint, null, "Storage:TableConnectionString: set either it or Storage:TableEndpoint (with an identity), not both")]
    [InlineData(null, null, null, "Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true), or Storage:TableEndpoint with an identity")]
    [InlineData(null, "http://fleetstore.table.core.windows.net", null, "Storage:TableEndpoint: must be an absolute https URL without a query (a token credential is never sent over plain http)")]
    [InlineData(null, "https://fleetstore.table.core.windows.net?sv=2024&sig=abc", null, "Storage:TableEndpoint: must be an absolute https URL without a query (a token credential is never sent over plain http)")]
    [InlineData(null, "fleetstore", null, "Storage:TableEndpoint: must be an absolute https URL without a query (a token credential is never sent over plain http)")]
    [InlineData(null, Endpoint, "ManagedIdentity", "Storage:Credential: must be WorkloadIdentity or Default")]
    [InlineData("UseDevelopmentStorage=true", null, "WorkloadIdentity", "Storage:Credential: applies only with Storage:TableEndpoint; a connection string carries its own key")]
    public void Contradictory_or_unusable_storage_settings_are_refused_naming_the_key(string? connectionString, string? endpoint, string? credential, string expected)
    {
        var options = new StorageOptions { TableConnectionString = connectionString, TableEndpoint = endpoint, Credential = credential };

        Assert.Equal([expected], options.Validate());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(StorageOptions.MaxMaxConnections + 1)]
    public void A_connection_limit_out_of_range_is_refused_naming_the_key(int maxConnections)
    {
        var options = new StorageOptions { TableConnectionString = "UseDevelopmentStorage=true", MaxConnections = maxConnections };

        Assert.Equal(["Storage:MaxConnections: must be between 1 and 1024"], options.Validate());
    }

    [Fact]
    public void The_connection_limit_defaults_to_64() => Assert.Equal(64, new StorageOptions().MaxConnections);

    /// <summary>
    /// Ten reads at once through a client limited to two connections reach a stand-in Table endpoint over two
    /// connections: the first two are held until both have arrived, so without the limit each read would have opened its own.
    /// </summary>
    [Fact]
    public async Task Concurrent_requests_share_at_most_the_configured_connections()
    {
        var connections = new ConcurrentDictionary<string, bool>();
        var firstTwo = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        var (app, options) = await StandInTableEndpointAsync(maxConnections: 2, async context =>
        {
            connections[context.Connection.Id] = true;
            if (Interlocked.Increment(ref arrived) == 2) firstTwo.TrySetResult();
            await firstTwo.Task.WaitAsync(TimeSpan.FromSeconds(30)); // bounded: a client that opened only one connection fails instead of hanging
        });
        await using var _ = app;
        var table = TableClients.Create(options).GetTableClient("limits");

        var reads = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => table.GetEntityIfExistsAsync<TableEntity>("p", $"r{i}")));

        Assert.All(reads, r => Assert.False(r.HasValue));
        Assert.Equal(10, arrived);
        Assert.Equal(2, connections.Count);
    }

    /// <summary>
    /// The control lane has connections of its own: with the main client's only connection held by a request that has
    /// not been answered, a read through the control client is answered.
    /// </summary>
    [Fact]
    public async Task The_control_lane_is_answered_while_every_main_connection_is_busy()
    {
        var bulkArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var (app, options) = await StandInTableEndpointAsync(maxConnections: 1, async context =>
        {
            // The bulk table's request holds its connection until the test lets it go (bounded, so a failing test ends).
            if (context.Request.Path.Value?.Contains("bulk", StringComparison.Ordinal) != true) return;
            bulkArrived.TrySetResult();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });
        await using var _ = app;
        var main = TableClients.Create(options);
        var held = main.GetTableClient("bulk").GetEntityIfExistsAsync<TableEntity>("p", "held");
        await bulkArrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var queued = main.GetTableClient("membership").GetEntityIfExistsAsync<TableEntity>("p", "queued");

        var control = await TableClients.CreateControl(options).GetTableClient("membership").GetEntityIfExistsAsync<TableEntity>("p", "r").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(control.HasValue);
        // The same read on the main client waits for the one busy connection.
        Assert.False(queued.IsCompleted);
        release.SetResult();
        Assert.False((await held).HasValue);
        Assert.False((await queued).HasValue);
    }

    /// <summary>
    /// A stand-in Table endpoint on loopback that answers every read 404 (no such entity) after
    /// <paramref name="beforeAnswer"/>, and storage options naming it with <paramref name="maxConnections"/>.
    /// </summary>
    private static async Task<(WebApplication App, StorageOptions Options)> StandInTableEndpointAsync(int maxConnections, Func<HttpContext, Task> beforeAnswer)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Run(async context =>
        {
            await beforeAnswer(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"odata.error":{"code":"ResourceNotFound","message":{"lang":"en-US","value":"not found"}}}""");
        });
        await app.StartAsync();
        return (app, new StorageOptions
        {
            TableConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;",
            MaxConnections = maxConnections,
        });
    }

    /// <summary>The silo puts cluster membership and the peers' grain state on the control lane, the sites' state on the main pool.</summary>
    [Fact]
    public async Task The_silo_keeps_membership_and_peer_state_on_the_control_lane()
    {
        await using var silo = OscpFleet.Silo.SiloHost.Build(
            new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true" }));
        var main = silo.Services.GetRequiredService<TableServiceClient>();
        var control = silo.Services.GetRequiredKeyedService<TableServiceClient>(TableClients.ControlKey);
        var storage = silo.Services.GetRequiredService<IOptionsMonitor<Orleans.Configuration.AzureTableStorageOptions>>();

        Assert.NotSame(main, control);
        Assert.Same(control, silo.Services.GetRequiredService<IOptions<Orleans.Clustering.AzureStorage.AzureStorageClusteringOptions>>().Value.TableServiceClient);
        Assert.Same(control, storage.Get(OscpFleet.Grains.FleetStorage.Control).TableServiceClient);
        Assert.Same(main, storage.Get(OscpFleet.Grains.FleetStorage.Name).TableServiceClient);
    }

    /// <summary>The silo registers the stop participant that hands the peers' connections over before its sites.</summary>
    [Fact]
    public async Task The_silo_hands_the_peers_over_first_when_it_stops()
    {
        await using var silo = OscpFleet.Silo.SiloHost.Build(
            new WebApplicationOptions { EnvironmentName = "Test", ContentRootPath = AppContext.BaseDirectory },
            b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true" }));

        Assert.Contains(silo.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>(), p => p is OscpFleet.Grains.Outbound.HandoverFirst);
    }
}
