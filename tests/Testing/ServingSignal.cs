using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace OscpFleet.Testing;

/// <summary>
/// Wraps the web server so a test learns the moment it listens (and on which address) without polling:
/// the gateway serves HTTP before its Orleans client has found a silo, so "host started" is too late a signal.
/// </summary>
public sealed class ServingSignal
{
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes with the bound address once the server listens.</summary>
    public Task<Uri> Listening => listening.Task;

    /// <summary>Replaces the registered <see cref="IServer"/> with a wrapper that reports when it started.</summary>
    public void Install(IServiceCollection services)
    {
        var descriptor = services.Last(d => d.ServiceType == typeof(IServer));
        services.Remove(descriptor);
        services.AddSingleton<IServer>(sp => new Server(Create(sp, descriptor), this));
    }

    private static IServer Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        descriptor.ImplementationInstance as IServer
        ?? descriptor.ImplementationFactory?.Invoke(services) as IServer
        ?? (IServer)ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!);

    private sealed class Server(IServer inner, ServingSignal signal) : IServer
    {
        public IFeatureCollection Features => inner.Features;

        public async Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull
        {
            try
            {
                await inner.StartAsync(application, cancellationToken);
                var address = inner.Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
                signal.listening.TrySetResult(new Uri(address));
            }
            catch (Exception e)
            {
                signal.listening.TrySetException(e);
                throw;
            }
        }

        public Task StopAsync(CancellationToken cancellationToken) => inner.StopAsync(cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
