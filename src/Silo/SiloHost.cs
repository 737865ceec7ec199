using System.Net;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using OscpFleet.Grains;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Client;
using OscpFleet.Hosting;
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

    /// <summary>Validates every section the silo uses (all problems at once) and wires Orleans.</summary>
    public static WebApplicationBuilder AddFleetSilo(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new();
        var cluster = configuration.GetSection(FleetClusterOptions.Section).Get<FleetClusterOptions>() ?? new();
        var oscp = configuration.GetSection(OscpOptions.Section).Get<OscpOptions>() ?? new();
        var csms = configuration.GetSection(CsmsOptions.Section).Get<CsmsOptions>() ?? new();
        var errors = storage.Validate()
            .Concat(cluster.Validate())
            .Concat(ConfigurationValidator.Validate(oscp, ConfigurationScope.Outbound))
            .Concat(ConfigurationValidator.Validate(csms))
            .ToList();
        if (errors.Count > 0) throw new OptionsValidationException("OscpFleet.Silo", typeof(SiloHost), errors);

        builder.Services.Configure<OscpOptions>(configuration.GetSection(OscpOptions.Section));
        builder.Services.Configure<CsmsOptions>(configuration.GetSection(CsmsOptions.Section));
        builder.Services.AddFleetClock();
        builder.Services.AddFleetSerialization();
        builder.Services.AddOscpClient(sp => sp.GetRequiredKeyedService<TimeProvider>(FleetClock.Key));
        builder.Services.AddSingleton<PeerMetrics>();
        builder.Services.AddOptions<PeerGrainOptions>();
        builder.Services.AddSingleton<SiteMetrics>();
        builder.Services.AddSingleton<CsmsWebhookSender>();
        builder.Services.AddHttpClient(CsmsWebhookSender.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddHostedService<PeerStartup>();
        builder.Services.AddFleetTelemetry(configuration, "oscpfleet-silo");
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<TableStorageHealthCheck>("storage", tags: [HealthEndpoints.ReadyTag]);

        var tables = TableClients.Create(storage.TableConnectionString!);
        builder.Services.AddSingleton(tables);
        builder.Services.AddSingleton<IMeterLog>(new TableMeterLog(tables, cluster.ServiceId));
        var advertised = string.IsNullOrEmpty(cluster.AdvertisedIPAddress) ? IPAddress.Loopback : IPAddress.Parse(cluster.AdvertisedIPAddress);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
            silo.UseAzureStorageClustering(o => o.TableServiceClient = tables);
            silo.AddAzureTableGrainStorage(FleetStorage.Name, o =>
            {
                o.TableServiceClient = tables;
                o.GrainStorageSerializer = new JsonGrainStateSerializer();
            });
            silo.UseAzureTableReminderService(o => o.TableServiceClient = tables);
            silo.AddActivityPropagation();
        });
        return builder;
    }
}
