using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// The ingest baseline: a bare ASP.NET Core minimal endpoint on loopback that does the gateway's JSON work and
/// nothing else — reads the body and validates it with the product's pure <see cref="MeterValuesValidation.ValidateFleet"/>
/// (the same call, on the same bytes, as the gateway's <c>POST /api/v1/meter-values</c>), answers 204. No
/// authentication, no Orleans, no storage.
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    /// <summary>The path, the same as the gateway's.</summary>
    public const string Path = "/api/v1/meter-values";

    private readonly WebApplication app;

    private BaselineServer(WebApplication app, Uri address)
    {
        this.app = app;
        BaseAddress = address;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts it on a free loopback port; samples are checked against <paramref name="now"/> (the product clock's time at the start).</summary>
    public static async Task<BaselineServer> StartAsync(DateTimeOffset now)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(Path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var (sites, errors) = MeterValuesValidation.ValidateFleet(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), now);
            return sites is not null ? Results.NoContent() : Results.BadRequest(string.Join("; ", errors.Take(5)));
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BaselineServer(app, new Uri(address));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => app.DisposeAsync();
}
