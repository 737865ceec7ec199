using Microsoft.AspNetCore.Builder;

namespace OscpFleet.Testing;

/// <summary>A gateway served by Kestrel on a loopback port, with an <see cref="HttpClient"/> pointed at it.</summary>
public sealed class GatewayInstance : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly Task running;

    private GatewayInstance(WebApplication app, Task running, Uri address, ClusterConnectionSignal connection)
    {
        Connection = connection;
        this.app = app;
        this.running = running;
        BaseAddress = address;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Where the gateway listens.</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client for the gateway (no credentials).</summary>
    public HttpClient Http { get; }

    /// <summary>The Orleans client's connection notifications.</summary>
    public ClusterConnectionSignal Connection { get; }

    /// <summary>Completes once the gateway's Orleans client has joined the cluster.</summary>
    public Task Started => running;

    /// <summary>
    /// After its silo was replaced, waits until the gateway's Orleans client is connected again. The client reconnects
    /// when it has something to send, so each round sends one readiness probe — what Kubernetes would do — and then
    /// waits for the client's own "connected" notification.
    /// </summary>
    public async Task ReconnectAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Connection.Reconnected.IsCompleted)
        {
            using (await Http.GetAsync("/readyz")) { }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"the gateway did not reconnect to the cluster within {timeout}");
            await Task.WhenAny(Connection.Reconnected, Task.Delay(TimeSpan.FromSeconds(Math.Min(2, left.TotalSeconds))));
        }
    }

    /// <summary>The gateway's services.</summary>
    public IServiceProvider Services => app.Services;

    internal static async Task<GatewayInstance> StartAsync(WebApplication app, ServingSignal signal, ClusterConnectionSignal connection, bool waitForCluster)
    {
        // The host finishes starting only once the Orleans client found a silo; Kestrel listens before that.
        var starting = app.StartAsync();
        var address = await signal.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        if (waitForCluster) await starting.WaitAsync(TimeSpan.FromSeconds(60));
        return new GatewayInstance(app, starting, address, connection);
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
