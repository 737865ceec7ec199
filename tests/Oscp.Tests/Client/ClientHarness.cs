using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>
/// The real service registration (AddOscpClient) with <see cref="ScriptedNetwork"/> as the primary handler of both
/// HttpClients, a <see cref="FakeTimeProvider"/> as the product clock, zero retry back-off, captured logs and metrics.
/// </summary>
internal sealed class ClientHarness : IDisposable
{
    private readonly ServiceProvider _services;

    /// <param name="configure">Changes to the client options (after the harness sets a zero retry delay).</param>
    /// <param name="resilienceClock">When set, registered as the container's TimeProvider, which the resilience pipeline's timeouts then run on.</param>
    public ClientHarness(Action<OscpClientOptions>? configure = null, TimeProvider? resilienceClock = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        if (resilienceClock is not null)
        {
            services.AddSingleton(resilienceClock);
        }

        services.AddOscpClient(_ => Time).ConfigurePrimaryHttpMessageHandler(() => Network);
        services.AddHttpClient(OscpClientRegistration.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(() => Network);
        services.Configure<OscpClientOptions>(options =>
        {
            options.RetryDelay = TimeSpan.Zero;
            configure?.Invoke(options);
        });
        _services = services.BuildServiceProvider();
        Metrics = new RecordedMeasurements(_services.GetRequiredService<IMeterFactory>());
    }

    public ScriptedNetwork Network { get; } = new();

    public FakeTimeProvider Time { get; } = new(TestPeers.Start);

    public CapturedLogs Logs { get; } = new();

    public RecordedMeasurements Metrics { get; }

    /// <summary>A fresh typed client, as a consumer would get it from DI.</summary>
    public OscpClient Client => _services.GetRequiredService<OscpClient>();

    public IReadOnlyList<RecordedRequest> TokenRequests => Network.To(TestPeers.TokenUrl);

    public void Dispose()
    {
        Metrics.Dispose();
        _services.Dispose();
    }
}
