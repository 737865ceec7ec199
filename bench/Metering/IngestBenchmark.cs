using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Bench.Metering;

/// <summary>What one ingest burst showed at the sender, with the cost it caused.</summary>
/// <param name="Burst">Every batch request, in send order.</param>
/// <param name="SamplesPerBatch">Samples in each batch.</param>
/// <param name="Cpu">Average cores busy during the burst.</param>
/// <param name="Storage">Requests to Azurite during the burst; null for the baseline, which has no storage.</param>
internal sealed record IngestResult(BurstResult Burst, int SamplesPerBatch, CpuReport Cpu, StorageCount? Storage)
{
    /// <summary>Samples in batches answered 204, per second of the burst.</summary>
    public double SamplesPerSecond => Burst.PerSecond * SamplesPerBatch;
}

/// <summary>
/// Measurement 1: CSMS meter-value batches (<c>POST /api/v1/meter-values</c>) from <c>--concurrency</c> clients, each
/// sending the next batch as soon as its previous one is answered; the same warm-up and burst to both sides.
/// </summary>
internal static class IngestBenchmark
{
    /// <summary>The path, the same as the gateway's.</summary>
    private const string Path = "/api/v1/meter-values";

    /// <summary>The bare parse-and-validate endpoint: the warm-up bodies, then the measured ones.</summary>
    public static async Task<IngestResult> BaselineAsync(DateTimeOffset now, IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> burst, int samplesPerBatch, int concurrency)
    {
        // The gateway's JSON work on the same bytes: its pure validation of POST /api/v1/meter-values.
        await using var server = await BaselineServer.StartAsync(Path, body =>
        {
            var (sites, errors) = MeterValuesValidation.ValidateFleet(body, now);
            return sites is not null ? Results.NoContent() : Results.BadRequest(string.Join("; ", errors.Take(5)));
        });
        using var http = Burst.Client(server.BaseAddress, concurrency);
        return await RunAsync(http, token: null, warmup, burst, samplesPerBatch, concurrency, storage: null);
    }

    /// <summary>The gateway of a running deployment, with a csms-scope token.</summary>
    public static async Task<IngestResult> FleetAsync(
        MeteringBenchCluster cluster, StorageTraffic storage, IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> burst, int samplesPerBatch, int concurrency)
    {
        var token = await cluster.CsmsTokenAsync();
        using var http = Burst.Client(cluster.Gateway.BaseAddress, concurrency);
        return await RunAsync(http, token, warmup, burst, samplesPerBatch, concurrency, storage);
    }

    /// <summary>Posts <paramref name="bodies"/> (not measured) and fails unless every one was answered 204.</summary>
    public static async Task PostAllAsync(HttpClient http, string token, IReadOnlyList<byte[]> bodies, int concurrency, string what)
    {
        var result = new BurstResult(await Burst.RunAsync(http, bodies.Count, concurrency, i => Request(bodies[i], token)));
        if (result.Non204 > 0) throw new InvalidOperationException($"{what}: " + string.Join("; ", result.Failures(5)));
    }

    private static async Task<IngestResult> RunAsync(
        HttpClient http, string? token, IReadOnlyList<byte[]> warmup, IReadOnlyList<byte[]> burst, int samplesPerBatch, int concurrency, StorageTraffic? storage)
    {
        var side = token is null ? "baseline" : "OscpFleet";
        if (warmup.Count > 0)
        {
            var warm = new BurstResult(await Burst.RunAsync(http, warmup.Count, concurrency, i => Request(warmup[i], token)));
            if (warm.Non204 > 0) throw new InvalidOperationException($"{side} ingest warm-up failed: " + string.Join("; ", warm.Failures(5)));
        }
        var before = storage?.Now;
        var cpu = CpuUsage.Start();
        var result = new BurstResult(await Burst.RunAsync(http, burst.Count, concurrency, i => Request(burst[i], token)));
        var usage = cpu.Stop();
        return new IngestResult(result, samplesPerBatch, usage, storage is null ? null : storage.Now - before!.Value);
    }

    private static HttpRequestMessage Request(byte[] body, string? token)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = content };
        if (token is not null) MeteringBenchCluster.Authorize(request, token);
        return request;
    }
}
