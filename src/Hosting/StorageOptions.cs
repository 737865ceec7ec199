namespace OscpFleet.Hosting;

/// <summary>
/// The <c>Storage</c> section: Azure Table Storage for clustering, grain state and reminders, reached either with a
/// connection string (an account key or SAS; Azurite locally) or with an Entra ID identity and a Table endpoint URI
/// (Azure Workload Identity in Kubernetes: no key anywhere).
/// </summary>
public sealed class StorageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Storage";

    /// <summary><see cref="Credential"/>: the pod's federated Azure Workload Identity token (the default with an endpoint).</summary>
    public const string WorkloadIdentityCredential = "WorkloadIdentity";

    /// <summary><see cref="Credential"/>: Azure's default credential chain (environment, workload identity, managed identity, Azure CLI, …).</summary>
    public const string DefaultCredential = "Default";

    /// <summary>Azure Storage connection string (Azurite locally: <c>UseDevelopmentStorage=true</c>). Secret: never logged.</summary>
    public string? TableConnectionString { get; set; }

    /// <summary>
    /// The account's Table endpoint (<c>https://&lt;account&gt;.table.core.windows.net</c>), used with <see cref="Credential"/>
    /// instead of a connection string. Not a secret.
    /// </summary>
    public string? TableEndpoint { get; set; }

    /// <summary>With <see cref="TableEndpoint"/>: <see cref="WorkloadIdentityCredential"/> (default) or <see cref="DefaultCredential"/>.</summary>
    public string? Credential { get; set; }

    /// <summary>The default of <see cref="MaxConnections"/>.</summary>
    public const int DefaultMaxConnections = 64;

    /// <summary>The most connections allowed by <see cref="MaxConnections"/>.</summary>
    public const int MaxMaxConnections = 1024;

    /// <summary>
    /// The most HTTP connections this process opens to the Table endpoint at once. Requests beyond it wait for a free
    /// connection, so a burst never opens thousands of connections and times out while they are being set up.
    /// </summary>
    public int MaxConnections { get; set; } = DefaultMaxConnections;

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (MaxConnections is < 1 or > MaxMaxConnections)
            return [$"Storage:MaxConnections: must be between 1 and {MaxMaxConnections}"];
        var hasConnectionString = !string.IsNullOrWhiteSpace(TableConnectionString);
        var hasEndpoint = !string.IsNullOrWhiteSpace(TableEndpoint);
        if (hasConnectionString && hasEndpoint)
            return ["Storage:TableConnectionString: set either it or Storage:TableEndpoint (with an identity), not both"];
        if (!hasConnectionString && !hasEndpoint)
            return ["Storage:TableConnectionString: is required (e.g. UseDevelopmentStorage=true), or Storage:TableEndpoint with an identity"];
        if (hasEndpoint)
        {
            var errors = new List<string>();
            if (!Uri.TryCreate(TableEndpoint, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query))
                errors.Add("Storage:TableEndpoint: must be an absolute https URL without a query (a token credential is never sent over plain http)");
            if (Credential is { Length: > 0 } c && c != WorkloadIdentityCredential && c != DefaultCredential)
                errors.Add($"Storage:Credential: must be {WorkloadIdentityCredential} or {DefaultCredential}");
            return errors;
        }
        if (!string.IsNullOrWhiteSpace(Credential))
            return ["Storage:Credential: applies only with Storage:TableEndpoint; a connection string carries its own key"];
        try
        {
            _ = TableClients.Create(TableConnectionString!);
            return [];
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            // The parser's message may quote the connection string (an account key): do not pass it on.
            return ["Storage:TableConnectionString: is not a valid Azure Storage connection string"];
        }
    }
}
