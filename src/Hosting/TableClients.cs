using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OscpFleet.Hosting;

/// <summary>The one place a <see cref="TableServiceClient"/> is made, so silo and gateway agree on the account.</summary>
public static class TableClients
{
    /// <summary>
    /// The service key of the control lane's <see cref="TableServiceClient"/>: cluster membership and the peers'
    /// connection state. A fleet-wide event (a forecast burst, a silo's sites moving) queues thousands of grain writes on
    /// the main client's connections; a membership update or a heartbeat's state write behind them could wait long enough
    /// for a stopping silo to overrun its grace period or a CP's <c>offline_mode_at</c> to pass.
    /// </summary>
    public const string ControlKey = "control";

    /// <summary>Connections of the control lane: its writes are few (membership, one row per peer).</summary>
    public const int ControlConnections = 8;

    /// <summary>A client for the account of <paramref name="connectionString"/>, with at most <paramref name="maxConnections"/> connections.</summary>
    public static TableServiceClient Create(string connectionString, int maxConnections = StorageOptions.DefaultMaxConnections) =>
        new(connectionString, ClientOptions(maxConnections));

    /// <summary>
    /// The client's transport: a pooled handler with at most <paramref name="maxConnections"/> connections to the
    /// endpoint. The SDK's default allows any number, and under a burst every queued request opened one of its own:
    /// on a 2-core machine, thousands of connections waited to be accepted by the storage emulator and timed out.
    /// Connections are renewed every few minutes, so a change of the endpoint's address is picked up.
    /// </summary>
    private static TableClientOptions ClientOptions(int maxConnections) => new()
    {
        Transport = new HttpClientTransport(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        }),
    };

    /// <summary>
    /// A client for validated <paramref name="options"/>: the connection string when one is set, otherwise the Table endpoint
    /// with the identity <see cref="Credential"/> selects.
    /// </summary>
    public static TableServiceClient Create(StorageOptions options) => Create(options, options.MaxConnections);

    /// <summary>
    /// The client of the control lane (<see cref="ControlKey"/>): the same account as <see cref="Create(StorageOptions)"/>,
    /// over its own <see cref="ControlConnections"/> connections, so that membership and connection-state writes never
    /// queue behind a fleet's bulk grain writes.
    /// </summary>
    public static TableServiceClient CreateControl(StorageOptions options) => Create(options, ControlConnections);

    private static TableServiceClient Create(StorageOptions options, int maxConnections) =>
        string.IsNullOrWhiteSpace(options.TableConnectionString)
            ? new TableServiceClient(new Uri(options.TableEndpoint!), Credential(options), ClientOptions(maxConnections))
            : Create(options.TableConnectionString, maxConnections);

    /// <summary>
    /// The token credential for <see cref="StorageOptions.TableEndpoint"/>. Workload Identity reads the client id, tenant and
    /// federated token file that the Azure Workload Identity webhook injects into the pod (<c>AZURE_CLIENT_ID</c>,
    /// <c>AZURE_TENANT_ID</c>, <c>AZURE_FEDERATED_TOKEN_FILE</c>); nothing is fetched until the first storage call.
    /// </summary>
    public static TokenCredential Credential(StorageOptions options) => options.Credential switch
    {
        StorageOptions.DefaultCredential => new DefaultAzureCredential(),
        _ => new WorkloadIdentityCredential(),
    };

    /// <summary>
    /// Registers the <see cref="TableServiceClient"/> of the validated <see cref="StorageOptions"/>, made when first
    /// resolved: by then start-up validation has checked them.
    /// </summary>
    public static IServiceCollection AddTableClients(this IServiceCollection services) =>
        services
            .AddSingleton(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value))
            .AddKeyedSingleton(ControlKey, (sp, _) => CreateControl(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
}
