using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Bench;

/// <summary>
/// A baseline: a bare ASP.NET Core minimal endpoint on loopback that reads the body and does only what the handler a
/// benchmark passes does with it (the product's own pure validation; or a typed read and one Table upsert — the
/// "anchor"), answering 204 or 400. No authentication, no Orleans. Shared by the benchmarks (bench/Metering links this file).
/// </summary>
public sealed class BaselineServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private BaselineServer(WebApplication app, Uri address)
    {
        this.app = app;
        BaseAddress = address;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts it on a free loopback port, serving <paramref name="path"/> with <paramref name="handle"/> (the body → 204 or 400).</summary>
    public static Task<BaselineServer> StartAsync(string path, Func<ReadOnlyMemory<byte>, IResult> handle) =>
        StartAsync(path, body => Task.FromResult(handle(body)));

    /// <summary>Starts it on a free loopback port, serving <paramref name="path"/> with the asynchronous <paramref name="handle"/>.</summary>
    public static async Task<BaselineServer> StartAsync(string path, Func<ReadOnlyMemory<byte>, Task<IResult>> handle)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return await handle(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BaselineServer(app, new Uri(address));
    }

    /// <summary>
    /// Sends every body of <paramref name="warmup"/> (not measured; any non-204 fails the run, named after
    /// <paramref name="name"/>), then <paramref name="burst"/> from <paramref name="concurrency"/> clients to
    /// <paramref name="path"/>, measuring it and the CPU it used.
    /// </summary>
    public async Task<(BurstResult Result, CpuReport Cpu)> WarmThenMeasureAsync(
        string path, IReadOnlyList<byte[][]> warmup, IReadOnlyList<byte[]> burst, int concurrency, string name)
    {
        using var http = Burst.Client(BaseAddress, concurrency);
        byte[][] warmBodies = [.. warmup.SelectMany(round => round)];
        if (warmBodies.Length > 0)
        {
            var warm = new BurstResult(await Burst.RunAsync(http, warmBodies.Length, concurrency, i => Post(path, warmBodies[i])));
            if (warm.Non204 > 0) throw new InvalidOperationException($"{name} warm-up failed: " + string.Join("; ", warm.Failures(5)));
        }
        var cpu = CpuUsage.Start();
        var result = new BurstResult(await Burst.RunAsync(http, burst.Count, concurrency, i => Post(path, burst[i])));
        return (result, cpu.Stop());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => app.DisposeAsync();

    private static HttpRequestMessage Post(string path, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return request;
    }
}
