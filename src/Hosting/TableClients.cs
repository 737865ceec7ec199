using Azure.Data.Tables;

namespace OscpFleet.Hosting;

/// <summary>The one place a <see cref="TableServiceClient"/> is made, so silo and gateway agree on the account.</summary>
public static class TableClients
{
    /// <summary>A client for the account of <paramref name="connectionString"/>.</summary>
    public static TableServiceClient Create(string connectionString) => new(connectionString);
}
