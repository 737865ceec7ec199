using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Cli.Tests;

/// <summary>
/// The DOE deployment of the shared harness (Azurite, one silo, a gateway, the CP simulator as <c>vector_test</c> and the
/// CSMS simulator with two sites) as an xunit fixture, with what the CLI needs: the operator's credentials as the
/// environment variables the CLI reads.
/// </summary>
public sealed class CliCluster : Testing.DoeCluster, IAsyncLifetime
{
    /// <summary>OSCPFLEET_URL, OSCPFLEET_CLIENT_ID and OSCPFLEET_CLIENT_SECRET of the operator client.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        [GatewaySettings.UrlVariable] = Gateway.BaseAddress.AbsoluteUri,
        [GatewaySettings.ClientIdVariable] = "ops_console",
        [GatewaySettings.ClientSecretVariable] = operatorSecret,
    };

    /// <summary>The operator client's secret (to check it is never printed).</summary>
    public string OperatorSecret => operatorSecret;

    /// <summary>The secret of <c>csms_main</c>, a client with the csms scope only.</summary>
    public string CsmsSecret => CsmsClientSecret;

    /// <summary>Runs the CLI against this deployment as the operator.</summary>
    public Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(Environment, args);

    /// <summary>Waits until every journal and history entry taken so far, by the gateway and the silos, is in storage.</summary>
    public async Task FlushRecordsAsync()
    {
        await Gateway.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
        foreach (var silo in Silos)
        {
            await silo.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
            await silo.Services.GetRequiredService<TableBatchWriter<TableTransactionAction>>().FlushAsync().WaitAsync(Timeout);
        }
    }
}
