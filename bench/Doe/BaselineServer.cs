using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Bench.Doe;

/// <summary>
/// The baseline: a bare ASP.NET Core minimal endpoint on loopback that does the gateway's JSON work and nothing
/// else — reads the body, validates it against the schema and reads it typed with the product's
/// <see cref="OscpValidator"/> (the same call as the gateway's <c>OscpRequest.ReadAsync</c>), answers 204.
/// No authentication, no Orleans, no storage.
/// </summary>
internal sealed class BaselineServer : IAsyncDisposable
{
    /// <summary>The path, the same as the gateway's.</summary>
    public const string Path = "/oscp/fp/2.0/update_group_capacity_forecast";

    private readonly WebApplication app;

    private BaselineServer(WebApplication app, Uri address)
    {
        this.app = app;
        BaseAddress = address;
    }

    /// <summary>Where it listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts it on a free loopback port.</summary>
    public static async Task<BaselineServer> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost(Path, async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            return OscpValidator.TryRead<UpdateGroupCapacityForecast>(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), PeerProfile.Vector, out _, out var result)
                ? Results.NoContent()
                : Results.BadRequest(result.ToOscpError());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new BaselineServer(app, new Uri(address));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => app.DisposeAsync();
}
