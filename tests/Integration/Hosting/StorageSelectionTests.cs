using Azure.Identity;
using OscpFleet.Hosting;

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
}
