using Microsoft.AspNetCore.Builder;

namespace OscpFleet.Integration.Infrastructure;

/// <summary>A gateway served by Kestrel on a loopback port, with an <see cref="HttpClient"/> pointed at it.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Task running;

    private GatewayInstance(WebApplication app, Task running, Uri address)
    {
        this.app = app;
        this.running = running;
        BaseAddress = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Where the gateway listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the gateway (no credentials).</summary>
    public HttpClient Http { get; }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => app.Services;

    internal static async Task<GatewayInstance> StartAsync(WebApplication app, ServingSignal signal, bool waitForCluster)
    {
        // The host finishes starting only once the Orleans client found a silo; Kestrel listens before that.
        var starting = app.StartAsync();
        var address = await signal.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        if (waitForCluster) await starting.WaitAsync(TimeSpan.FromSeconds(60));
        return new GatewayInstance(app, starting, address);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await app.StopAsync(timeout.Token); } catch (OperationCanceledException) { }
        try { await running.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception e) when (e is OperationCanceledException or TimeoutException) { }
        await app.DisposeAsync();
    }
}
