using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.TestingHost;
using OscpFleet.Grains.Outbound;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Hosting;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Silo.Storage;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>
/// One silo in process with the real grains and the services the silo registers (<c>SiloHost.AddFleetSilo</c>), on
/// in-memory grain storage (the production JSON serializer) and reminders. The product clock is <see cref="Clock"/>,
/// a fake; the Orleans runtime keeps the system clock. The CSMS webhook goes to <see cref="Csms"/>; report-backs pass
/// <see cref="Calls"/>. One peer (<see cref="PeerId"/>) whose CP (<see cref="Cp"/>) refuses every message a test did not
/// script, so it stays Offline; one CSMS
/// endpoint (<see cref="CsmsEndpoint"/>).
/// </summary>
public sealed class SiteCluster : IAsyncLifetime
{
    /// <summary>The configured peer.</summary>
    public const string PeerId = "vector_test";

    /// <summary>The configured CSMS endpoint.</summary>
    public const string CsmsEndpoint = "main";

    /// <summary>How long a test waits for an explicit signal before failing.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private InProcessTestCluster? cluster;

    /// <summary>The product clock (whole seconds at the start).</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The CSMS behind <see cref="CsmsEndpoint"/>.</summary>
    public ScriptedCsms Csms { get; } = new();

    /// <summary>The CP behind <see cref="PeerId"/> (it refuses every unscripted message).</summary>
    public ScriptedCp Cp { get; } = new();

    /// <summary>The report-back filter on the silo.</summary>
    public SiteCallFilter Calls { get; } = new();

    /// <summary>The cluster client.</summary>
    public IClusterClient Client => cluster?.Client ?? throw new InvalidOperationException("not deployed");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var configuration = Configuration(UnusedLoopbackPort());
        ValidateAsTheSiloDoes(configuration);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureHost(host =>
        {
            host.Logging.SetMinimumLevel(LogLevel.Warning);
            host.Services.AddFleetSerialization();
        });
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(configuration);
            var services = host.Services;
            // The fake clock first: AddFleetClock keeps it.
            services.AddKeyedSingleton<TimeProvider>(FleetClock.Key, Clock);
            // As SiloHost.AddFleetSilo registers them.
            services.Configure<OscpOptions>(host.Configuration.GetSection(OscpOptions.Section));
            services.Configure<CsmsOptions>(host.Configuration.GetSection(CsmsOptions.Section));
            services.AddFleetClock();
            services.AddOscpClient(sp => sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key)).ConfigurePrimaryHttpMessageHandler(Cp.CreateHandler);
            services.AddHttpClient(OscpClientRegistration.TokenHttpClientName).ConfigurePrimaryHttpMessageHandler(Cp.CreateHandler);
            services.AddSingleton<PeerMetrics>();
            services.AddOptions<PeerGrainOptions>();
            services.AddSingleton<SiteMetrics>();
            services.AddSingleton<RegistryMetrics>();
            services.AddSingleton<CsmsWebhookSender>();
            services.AddSingleton<OutboundPacer>();
            services.AddSingleton<HandoverFirst>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<HandoverFirst>());
            services.AddPlacementDirector<SettledSiloPlacement, SettledSiloPlacementDirector>();
            services.AddHttpClient(CsmsWebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10))
                .ConfigurePrimaryHttpMessageHandler(Csms.CreateHandler);
            services.AddSingleton<IIncomingGrainCallFilter>(Calls);
            services.AddSingleton<IMeterLog, InMemoryMeterLog>();
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddMemoryGrainStorage(FleetStorage.Name, o => o.GrainStorageSerializer = new JsonGrainStateSerializer());
            silo.AddMemoryGrainStorage(FleetStorage.Control, o => o.GrainStorageSerializer = new JsonGrainStateSerializer());
            silo.UseInMemoryReminderService();
            // The same table, its reads counted (CountingReminderTable).
            var table = silo.Services.Last(d => d.ServiceType == typeof(IReminderTable));
            silo.Services.Remove(table);
            silo.Services.AddSingleton(sp => new CountingReminderTable((IReminderTable)(table.ImplementationFactory?.Invoke(sp)
                ?? table.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, table.ImplementationType!))));
            silo.Services.AddSingleton<IReminderTable>(sp => sp.GetRequiredService<CountingReminderTable>());
            // As the silo and gateway do: a caller's trace context reaches the grain.
            silo.AddActivityPropagation();
        });
        builder.ConfigureClient(client => client.AddActivityPropagation());
        cluster = builder.Build();
        await cluster.DeployAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (cluster is not null) await cluster.DisposeAsync();
    }

    /// <summary>The silo's services (its grain storage, for tests that write state as older builds did).</summary>
    public IServiceProvider SiloServices => (cluster ?? throw new InvalidOperationException("not deployed")).Silos[0].ServiceProvider;

    /// <summary>The silo's reminder table, its reads counted.</summary>
    public CountingReminderTable Reminders => SiloServices.GetRequiredService<CountingReminderTable>();

    /// <summary>The site grain of <paramref name="groupId"/>.</summary>
    public ISiteGrain Site(string groupId) => Client.GetGrain<ISiteGrain>(groupId);

    /// <summary>
    /// Onboards a site and tells it its connection is Online and live for limits. This cluster's peer never connects,
    /// and in production a forecast only passes the gateway's gate while the peer is Online, so a test that sends
    /// forecasts says so first.
    /// </summary>
    public async Task<(bool Created, SiteView View)> OnboardOnlineAsync(string groupId, SiteDefinition definition)
    {
        var onboarded = await Site(groupId).UpsertAsync(definition);
        await NoticeAsync(groupId, new PeerLink(Online: true, LimitsLost: false));
        return onboarded;
    }

    /// <summary>Tells the site its connection changed and waits until it has handled the notice.</summary>
    public async Task NoticeAsync(string groupId, PeerLink link)
    {
        await Site(groupId).PeerLinkChangedAsync(link);
        Assert.Equal(link, await Calls.NextPeerLinkHandledAsync(groupId, Patience));
    }

    private static Dictionary<string, string?> Configuration(int deadPort) => new()
    {
        // A valid vector peer (as the integration tests configure one) whose CP listens nowhere.
        [$"Oscp:Peers:{PeerId}:Profile"] = "vector",
        [$"Oscp:Peers:{PeerId}:BaseUrl"] = $"http://127.0.0.1:{deadPort}",
        [$"Oscp:Peers:{PeerId}:TokenUrl"] = $"http://127.0.0.1:{deadPort}/token",
        [$"Oscp:Peers:{PeerId}:ClientId"] = "fleet",
        [$"Oscp:Peers:{PeerId}:ClientSecret"] = "secret-of-the-grain-tests",
        [$"Oscp:Peers:{PeerId}:Headers:0:Name"] = "fp-id",
        [$"Oscp:Peers:{PeerId}:Headers:0:Value"] = "FP_TEST",
        [$"Oscp:Peers:{PeerId}:Headers:1:Name"] = "apikey",
        [$"Oscp:Peers:{PeerId}:Headers:1:Value"] = "api-key-of-the-test",
        [$"Oscp:Peers:{PeerId}:Inbound:ClientId"] = "vector",
        [$"Oscp:Peers:{PeerId}:Inbound:ClientSecretHashes:0"] = SecretHash.Compute("cp-secret-of-the-grain-tests"),
        [$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = 10.ToString(CultureInfo.InvariantCulture),
        // Daily measurement periods: the fake clock never closes one, so no report waits in an outbox for the Offline
        // peer (which would make a site re-read the peer's link and undo a link a test set).
        [$"Oscp:Peers:{PeerId}:ReportPeriodMinutes"] = 1440.ToString(CultureInfo.InvariantCulture),
        [$"Csms:Endpoints:{CsmsEndpoint}:Url"] = "http://csms.test/limits",
        [$"Csms:Endpoints:{CsmsEndpoint}:Secrets:0"] = "webhook-secret-of-the-grain-tests-0123456789",
    };

    private static void ValidateAsTheSiloDoes(Dictionary<string, string?> configuration)
    {
        var sections = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var errors = ConfigurationValidator.Validate(sections.GetSection(OscpOptions.Section).Get<OscpOptions>() ?? new(), ConfigurationScope.Outbound)
            .Concat(ConfigurationValidator.Validate(sections.GetSection(CsmsOptions.Section).Get<CsmsOptions>() ?? new()))
            .ToList();
        if (errors.Count > 0) throw new InvalidOperationException("test configuration invalid: " + string.Join("; ", errors));
    }

    private static int UnusedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>The one cluster every test class shares.</summary>
[CollectionDefinition(Name)]
public sealed class SiteClusterCollection : ICollectionFixture<SiteCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "site cluster";
}
