using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Records;

/// <summary>Register bodies carry tokens: the journal keeps both Registers (the CP's and our reply) with the tokens redacted.</summary>
public sealed class RegisterJournalTests(CpRegistersFirstCluster cluster) : IClassFixture<CpRegistersFirstCluster>
{
    [Fact]
    public async Task Both_registers_are_journaled_and_no_token_of_either_side_is_stored()
    {
        var tokens = cluster.Simulator.GetRegistration();
        await cluster.Gateway.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(RegisteringPeerCluster.Timeout);
        foreach (var silo in cluster.Silos)
            await silo.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(RegisteringPeerCluster.Timeout);
        using var ops = await cluster.OperatorAsync();
        var now = cluster.Clock.GetUtcNow();
        var range = $"from={Utc(now.AddHours(-1))}&to={Utc(now.AddMinutes(1))}";

        var export = await ops.GetStringAsync($"/api/v1/journal/export?peerId={RegisteringPeerCluster.PeerId}&message=register&{range}");

        var entries = export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var inbound = Assert.Single(entries, e => e.GetProperty("direction").GetString() == "in");
        var outbound = Assert.Single(entries, e => e.GetProperty("direction").GetString() == "out");
        Assert.Equal(204, inbound.GetProperty("status").GetInt32());
        Assert.Equal(204, outbound.GetProperty("status").GetInt32());
        foreach (var entry in new[] { inbound, outbound })
        {
            var body = JsonDocument.Parse(entry.GetProperty("body").GetString()!).RootElement;
            Assert.Equal(JournalBodies.Redacted, body.GetProperty("token").GetString());
            Assert.Equal("2.0", body.GetProperty("version_url")[0].GetProperty("version").GetString());
        }
        var everything = await ops.GetStringAsync($"/api/v1/journal/export?{range}");
        foreach (var secret in new[] { tokens.TokenForFp, tokens.TokenFromFp, cluster.BootstrapForCp })
        {
            Assert.False(string.IsNullOrEmpty(secret));
            Assert.DoesNotContain(secret!, everything, StringComparison.Ordinal);
        }
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
