using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Orleans.Configuration;
using OscpFleet.Gateway;
using OscpFleet.Grains;
using OscpFleet.Silo;

namespace OscpFleet.Testing;

/// <summary>
/// A real OscpFleet deployment inside the test process: Azurite (the test process's shared one unless the cluster needs its own), silos built by the product's own
/// <see cref="SiloHost"/> (Azure Table clustering, grain storage and reminders) and gateways built by
/// <see cref="GatewayHost"/> serving real HTTP on loopback. The product's code runs on <see cref="Clock"/>
/// (a fake clock tests advance); the Orleans runtime keeps the system clock.
/// </summary>
public class FleetCluster
{
    private readonly List<WebApplication> silos = [];
    private readonly List<GatewayInstance> gateways = [];
    private Azurite? azurite;

    /// <summary>The product clock shared by every silo and gateway of this cluster.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The start of the (UTC, 15-minute) measurement period the product clock is in.</summary>
    public DateTimeOffset PeriodStart()
    {
        var now = Clock.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);
    }

    /// <summary>Moves the product clock to <paramref name="at"/> (never backwards).</summary>
    public void AdvanceTo(DateTimeOffset at)
    {
        var now = Clock.GetUtcNow();
        if (at > now) Clock.Advance(at - now);
    }

    /// <summary>Unique per fixture, so runs never see each other's membership, state or reminders.</summary>
    public string ClusterId { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// A Table query filter for this cluster's rows of the Orleans reminder table, whose partition keys are
    /// <c>{serviceId}_{hash}</c> (the service id is <see cref="ClusterId"/>): other clusters may store in the same emulator.
    /// </summary>
    public string ReminderPartitions => $"PartitionKey ge '{ClusterId}_' and PartitionKey lt '{ClusterId}`'";

    /// <summary>The emulator this cluster stores everything in.</summary>
    public Azurite Storage => azurite ?? throw new InvalidOperationException("the cluster is not started");

    /// <summary>The silos started so far (stopped ones removed).</summary>
    public IReadOnlyList<WebApplication> Silos => silos;

    /// <summary>How many silos <see cref="InitializeAsync"/> starts.</summary>
    protected virtual int InitialSilos => 1;

    /// <summary>Configuration every silo and gateway of this cluster gets on top of the base settings.</summary>
    protected virtual IDictionary<string, string?> Configuration => new Dictionary<string, string?>();

    /// <summary>Keep storage on disk (a temporary folder) so it survives <see cref="StopStorageAsync"/>.</summary>
    protected virtual bool PersistentStorage => false;

    /// <summary>
    /// True (the default) to store everything in the test process's one shared emulator (<see cref="Azurite.SharedAsync"/>),
    /// kept apart from other clusters by <see cref="ClusterId"/>, which is also the service id; false for an emulator of
    /// this cluster's own. <see cref="PersistentStorage"/> always gets its own (it is stopped and started again).
    /// </summary>
    protected virtual bool SharedStorage => true;

    private string? storageFolder;

    /// <summary>Starts (or joins) Azurite and <see cref="InitialSilos"/> silos (xunit calls it through tests/Integration's fixtures).</summary>
    public virtual async Task InitializeAsync()
    {
        if (PersistentStorage) storageFolder = Directory.CreateTempSubdirectory("oscpfleet-azurite-").FullName;
        azurite = SharedStorage && !PersistentStorage ? await Azurite.SharedAsync() : await Azurite.StartAsync(location: storageFolder);
        for (var i = 0; i < InitialSilos; i++) await StartSiloAsync();
    }

    /// <summary>Starts one more silo and returns once it has joined the cluster.</summary>
    public async Task<WebApplication> StartSiloAsync(IDictionary<string, string?>? overrides = null)
    {
        var settings = BaseSettings();
        settings["Cluster:SiloPort"] = Port();
        settings["Cluster:GatewayPort"] = Port();
        var app = SiloHost.Build(Options("Silo"), builder =>
        {
            Apply(builder, settings, overrides);
            // Short membership timings so a killed silo's grains move within seconds in failover tests.
            builder.Services.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
            ConfigureSilo(builder);
        });
        await app.StartAsync();
        silos.Add(app);
        return app;
    }

    /// <summary>Lets a fixture add a logger provider to every silo and gateway it starts.</summary>
    protected virtual void ConfigureLogging(ILoggingBuilder logging)
    {
    }

    /// <summary>Lets a fixture add or replace services of every silo it starts (runs after the settings above, before the silo is wired).</summary>
    protected virtual void ConfigureSilo(WebApplicationBuilder builder)
    {
    }

    /// <summary>Takes storage away (every call to it fails) until <see cref="RestoreStorageAsync"/>; needs an emulator of the cluster's own.</summary>
    public Task StopStorageAsync() => Storage.IsShared
        ? throw new InvalidOperationException("this cluster stores in the shared emulator: set PersistentStorage (or SharedStorage false) to stop storage")
        : Storage.DisposeAsync().AsTask();

    /// <summary>Brings storage back on the same port, with its data when <see cref="PersistentStorage"/>.</summary>
    public async Task RestoreStorageAsync() => azurite = await Azurite.StartAsync(Storage.Port, storageFolder);

    /// <summary>Stops a silo: gracefully hands its grains over, or (<paramref name="graceful"/> false) drops it like a crash.</summary>
    public async Task StopSiloAsync(WebApplication silo, bool graceful = true)
    {
        silos.Remove(silo);
        if (graceful)
        {
            await silo.StopAsync();
        }
        else
        {
            using var cancelled = new CancellationTokenSource();
            await cancelled.CancelAsync();
            try { await silo.StopAsync(cancelled.Token); }
            catch (OperationCanceledException) { }
        }
        await silo.DisposeAsync();
    }

    /// <summary>Starts a gateway on a free loopback port; it connects to this cluster's silos through Azure Table clustering.</summary>
    public Task<GatewayInstance> StartGatewayAsync(IDictionary<string, string?>? overrides = null) =>
        StartGatewayAsync(overrides, waitForCluster: true);

    /// <summary>
    /// Starts a gateway; with <paramref name="waitForCluster"/> false it returns as soon as HTTP is served.
    /// <paramref name="port"/> fixes its port (peers must know the URL before it starts); 0 picks a free one.
    /// <paramref name="environment"/> is the host environment (<c>Production</c> turns on what only production enforces).
    /// </summary>
    public async Task<GatewayInstance> StartGatewayAsync(IDictionary<string, string?>? overrides, bool waitForCluster, int port = 0, string environment = TestEnvironment)
    {
        var signal = new ServingSignal();
        var connection = new ClusterConnectionSignal();
        var app = GatewayHost.Build(Options("Gateway", environment), builder =>
        {
            Apply(builder, BaseSettings(), overrides);
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            signal.Install(builder.Services);
            builder.Services.AddSingleton<IClusterConnectionStatusObserver>(connection);
        });
        var instance = await GatewayInstance.StartAsync(app, signal, connection, waitForCluster);
        gateways.Add(instance);
        return instance;
    }

    /// <summary>Stops every gateway, silo and Azurite (unless shared), and deletes persistent storage.</summary>
    public virtual async Task DisposeAsync()
    {
        foreach (var gateway in gateways) await gateway.DisposeAsync();
        foreach (var silo in silos.ToArray()) await StopSiloAsync(silo, graceful: false);
        if (azurite is not null) await azurite.DisposeAsync();
        if (storageFolder is not null) Directory.Delete(storageFolder, recursive: true);
    }

    private Dictionary<string, string?> BaseSettings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:TableConnectionString"] = Storage.ConnectionString,
            ["Cluster:ClusterId"] = ClusterId,
            ["Cluster:ServiceId"] = ClusterId,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
        };
        foreach (var (key, value) in Configuration) settings[key] = value;
        return settings;
    }

    private void Apply(WebApplicationBuilder builder, Dictionary<string, string?> settings, IDictionary<string, string?>? overrides)
    {
        if (overrides is not null)
        {
            foreach (var (key, value) in overrides) settings[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(settings);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        // OSCPFLEET_TEST_LOGS=1 shows the processes' logs when a test needs explaining.
        if (Environment.GetEnvironmentVariable("OSCPFLEET_TEST_LOGS") != "1") builder.Logging.ClearProviders();
        ConfigureLogging(builder.Logging);
        builder.Services.AddKeyedSingleton<TimeProvider>(FleetClock.Key, Clock);
        // A gateway whose silo was killed finds the replacement within a second, not the default minute.
        builder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }

    private const string TestEnvironment = "Test";

    private static WebApplicationOptions Options(string project, string environment = TestEnvironment) => new()
    {
        EnvironmentName = environment,
        ContentRootPath = Path.Combine(RepositoryPaths.Root, "src", project),
        ApplicationName = "OscpFleet." + project,
    };

    private static string Port() => FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
