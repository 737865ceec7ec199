using Microsoft.AspNetCore.Http;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.Doe;

/// <summary>
/// The same burst against <see cref="BaselineServer"/>, after the same warm-up. Its handler does the gateway's JSON work:
/// validates against the schema and reads typed with the product's <see cref="OscpValidator"/> (the same call as the
/// gateway's <c>OscpRequest.ReadAsync</c>).
/// </summary>
internal static class BaselineBenchmark
{
    /// <summary>The path, the same as the gateway's.</summary>
    private const string Path = "/oscp/fp/2.0/update_group_capacity_forecast";

    /// <summary>Warms up with every body of <paramref name="warmup"/> (the same rounds OscpFleet gets), then sends <paramref name="burst"/>.</summary>
    public static async Task<(BurstResult Result, CpuReport Cpu)> RunAsync(IReadOnlyList<byte[][]> warmup, IReadOnlyList<byte[]> burst, int concurrency)
    {
        await using var server = await BaselineServer.StartAsync(Path, body =>
            OscpValidator.TryRead<UpdateGroupCapacityForecast>(body, PeerProfile.Vector, out _, out var validation)
                ? Results.NoContent()
                : Results.BadRequest(validation.ToOscpError()));
        return await server.WarmThenMeasureAsync(Path, warmup, burst, concurrency, "baseline");
    }
}
