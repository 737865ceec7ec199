namespace OscpFleet.Hosting;

/// <summary>The <c>Storage</c> section: Azure Table Storage for clustering, grain state and reminders.</summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Storage";

    /// <summary>Azure Storage connection string (Azurite locally: <c>UseDevelopmentStorage=true</c>). Secret: never logged.</summary>
    public string? TableConnectionString { get; set; }

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(TableConnectionString))
            return ["Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true)"];
        try
        {
            _ = TableClients.Create(TableConnectionString);
            return [];
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message may quote the connection string (an account key): do not pass it on.
            return ["Storage:TableConnectionString: is not a valid Azure Storage connection string"];
        }
    }
}
