using System.Net;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OscpFleet.Grains;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Client;
using OscpFleet.Hosting;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Silo.Storage;

namespace OscpFleet.Silo;

/// <summary>Builds the silo process: Orleans on Azure Table clustering, grain storage and reminders; health and metrics over HTTP.</summary>
public static class SiloHost
{
    /// <summary>
    /// The silo as a web application (it serves <c>/healthz</c>, <c>/readyz</c> and <c>/metrics</c>).
    /// <paramref name="configure"/> lets tests add configuration or replace services before the silo is wired.
    /// </summary>
    public static WebApplication Build(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        configure?.Invoke(builder);
        builder.AddFleetSilo();
        var app = builder.Build();
        app.MapFleetHealth();
        app.MapFleetMetrics();
        return app;
    }

    /// <summary>
    /// Binds every section the silo uses to options validated at start-up (all problems at once, before anything
    /// listens) and wires Orleans from those options.
    /// </summary>
    public static WebApplicationBuilder AddFleetSilo(this WebApplicationBuilder builder)
    {
        builder.AddFleetSecretFiles();
        var configuration = builder.Configuration;
        // Production demands https for every peer and CSMS URL (a per-endpoint AllowHttp opts a test rig out).
        var requireHttps = builder.Environment.IsProduction();
        builder.Services
            .AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section, o => o.Validate())
            .AddValidatedOptions<FleetClusterOptions>(configuration, FleetClusterOptions.Section, o => o.Validate())
            .AddValidatedOptions<ClusterTlsOptions>(configuration, ClusterTlsOptions.Section, o => o.Validate())
            .AddValidatedOptions<OscpOptions>(configuration, OscpOptions.Section,
                o => ConfigurationValidator.Validate(o, ConfigurationScope.Outbound, requireHttps))
            .AddValidatedOptions<CsmsOptions>(configuration, CsmsOptions.Section, o => ConfigurationValidator.Validate(o, requireHttps));

        builder.Services.AddFleetClock();
        builder.Services.AddFleetSerialization();
        builder.Services.AddOscpClient(sp => sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key));
        builder.Services.AddSingleton<PeerMetrics>();
        builder.Services.AddOptions<PeerGrainOptions>();
        builder.Services.AddSingleton<SiteMetrics>();
        builder.Services.AddSingleton<RegistryMetrics>();
        builder.Services.AddHostedService<SiteRegistryGauges>();
        builder.Services.AddSingleton<SiloMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SiloMetrics>());
        builder.Services.AddSingleton<CsmsWebhookSender>();
        builder.Services.AddSingleton<OscpFleet.Grains.Outbound.OutboundPacer>();
        builder.Services.AddSingleton<OscpFleet.Grains.Outbound.HandoverFirst>();
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<OscpFleet.Grains.Outbound.HandoverFirst>());
        builder.Services.AddPlacementDirector<OscpFleet.Grains.Outbound.SettledSiloPlacement, OscpFleet.Grains.Outbound.SettledSiloPlacementDirector>();
        builder.Services.AddCsmsWebhookClient();
        builder.Services.AddHostedService<PeerStartup>();
        builder.Services.AddHostedService<SiteWakeUp>();
        builder.Services.AddFleetTelemetry(configuration, "oscpfleet-silo");
        builder.AddFleetLogging();
        builder.Services.QuietPlacementRetries();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<TableStorageHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);

        // Made from the validated options when first resolved, so an invalid configuration fails validation, not here.
        builder.Services.AddTableClients();
        builder.Services.AddMessageJournal().AddSiteHistory().AddRecordRetention();
        builder.Services.AddSingleton<IMeterLog>(sp => new TableMeterLog(
            sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<IOptions<FleetClusterOptions>>().Value.ServiceId));
        // Orleans reads these while its hosted service is made, before start-up validation runs: read the section as it
        // is here (an invalid value is reported by validation before Orleans starts).
        var cluster = configuration.GetSection(FleetClusterOptions.Section).Get<FleetClusterOptions>() ?? new();
        var advertised = IPAddress.TryParse(cluster.AdvertisedIPAddress, out var ip) ? ip : IPAddress.Loopback;
        var kubernetes = cluster.UsesKubernetesHosting(Environment.GetEnvironmentVariable) && cluster.Validate().Count == 0;
        builder.UseOrleans(silo =>
        {
            // In a pod only (see FleetClusterOptions.KubernetesHosting): it reads the pod's namespace and name and watches
            // the namespace's pods, so a deleted pod's silo is declared dead at once instead of after missed probes.
            if (kubernetes) silo.UseKubernetesHosting();
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            // Membership and the peers' state over the control lane (TableClients.ControlKey), the sites' state over the main pool.
            silo.UseAzureStorageClustering(o => o.Configure<IServiceProvider>((c, sp) => c.TableServiceClient = sp.GetRequiredKeyedService<TableServiceClient>(TableClients.ControlKey)));
            silo.AddAzureTableGrainStorage(FleetStorage.Name, o => o.Configure<TableServiceClient>((s, tables) =>
            {
                s.TableServiceClient = tables;
                s.GrainStorageSerializer = new JsonGrainStateSerializer();
            }));
            silo.AddAzureTableGrainStorage(FleetStorage.Control, o => o.Configure<IServiceProvider>((s, sp) =>
            {
                s.TableServiceClient = sp.GetRequiredKeyedService<TableServiceClient>(TableClients.ControlKey);
                s.GrainStorageSerializer = new JsonGrainStateSerializer();
            }));
            silo.UseAzureTableReminderService(o => o.Configure<TableServiceClient>((r, tables) => r.TableServiceClient = tables));
            silo.AddActivityPropagation();
            silo.UseClusterTls(configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new());
        });
        return builder;
    }
}
