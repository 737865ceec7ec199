using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OscpFleet.Hosting;

/// <summary>The one place a <see cref="TableServiceClient"/> is made, so silo and gateway agree on the account.</summary>
public static class TableClients
{
    /// <summary>A client for the account of <paramref name="connectionString"/>.</summary>
    public static TableServiceClient Create(string connectionString) => new(connectionString);

    /// <summary>
    /// A client for validated <paramref name="options"/>: the connection string when one is set, otherwise the Table endpoint
    /// with the identity <see cref="Credential"/> selects.
    /// </summary>
    public static TableServiceClient Create(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.TableConnectionString)
            ? new TableServiceClient(new Uri(options.TableEndpoint!), Credential(options))
            : Create(options.TableConnectionString);

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
        services.AddSingleton(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value));
}
