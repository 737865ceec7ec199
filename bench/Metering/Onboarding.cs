using System.Net.Http.Json;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.Metering;

/// <summary>Sites onboarded through the operator API, the way bench/Doe does it.</summary>
internal static class Onboarding
{
    private const int ImportChunk = 250;
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Imports every site (<c>POST /api/v1/sites:import</c>, JSON array, in chunks) and waits until the CSMS applied
    /// and confirmed each one's first version (base DOE), so the measurements start on a quiet system.
    /// </summary>
    public static async Task ImportAsync(MeteringBenchCluster cluster, IReadOnlyList<string> groupIds)
    {
        using var ops = await cluster.OperatorAsync();
        ops.Timeout = SetupTimeout;
        var firstWebhooks = groupIds.ToDictionary(
            g => g,
            g => cluster.Csms.WaitForWebhookAsync(w => w.GroupId == g && w.Outcome == WebhookOutcome.Applied, SetupTimeout));
        foreach (var chunk in groupIds.Chunk(ImportChunk))
        {
            var rows = chunk.Select(g => new
            {
                groupId = g,
                peerId = MeteringBenchCluster.PeerId,
                assetId = g,
                timeZone = "Pacific/Auckland",
                baseDoe = new[] { new { from = "00:00", kw = MeteringBenchCluster.BaseDoeKw } },
                maxImportKw = MeteringBenchCluster.MaxImportKw,
                csms = MeteringBenchCluster.CsmsName,
                chargers = cluster.Chargers(g).Select(c => new { id = c.Id, ratedKw = c.RatedKw }),
            });
            using var response = await ops.PostAsJsonAsync("/api/v1/sites:import", rows);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {body}");
        }

        var versions = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (groupId, webhook) in firstWebhooks)
        {
            versions[groupId] = (await webhook).Version ?? throw new InvalidOperationException($"{groupId}: first webhook without a version");
        }
        await Task.WhenAll(versions.Select(v => cluster.Csms.WaitForAppliedAsync(v.Key, v.Value, SetupTimeout)));
    }
}
