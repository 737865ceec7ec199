using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OscpFleet.Hosting;

/// <summary>The one place a <see cref="TableServiceClient"/> is made, so silo and gateway agree on the account.</summary>
public static class TableClients
{
    /// <summary>A client for the account of <paramref name="connectionString"/>.</summary>
    public static TableServiceClient Create(string connectionString) => new(connectionString);

    /// <summary>
    /// Registers the <see cref="TableServiceClient"/> of <see cref="StorageOptions.TableConnectionString"/>, made when first
    /// resolved: by then start-up validation has checked the connection string.
    /// </summary>
    public static IServiceCollection AddTableClients(this IServiceCollection services) =>
        services.AddSingleton(sp => Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.TableConnectionString!));
}
