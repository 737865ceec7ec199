using System.Text.Json.Serialization;
using Azure.Data.Tables;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Api;
using OscpFleet.Gateway.Auth;
using OscpFleet.Gateway.Errors;
using OscpFleet.Gateway.Hosting;
using OscpFleet.Gateway.OpenApi;
using OscpFleet.Gateway.Oscp;
using OscpFleet.Gateway.WebConsole;
using OscpFleet.Grains;
using Orleans.Configuration;
using OscpFleet.Hosting;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway;

/// <summary>Builds the gateway process: ASP.NET Core minimal APIs in front of the Orleans cluster.</summary>
public static class GatewayHost
{
    /// <summary>
    /// The gateway application. <paramref name="configure"/> lets tests add configuration or replace services
    /// (the product clock, say) before the gateway is wired.
    /// </summary>
    public static WebApplication Build(WebApplicationOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(options);
        configure?.Invoke(builder);
        builder.AddFleetGateway();
        var app = builder.Build();
        app.UseTrustedProxies(app.Configuration);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseOperatorPortSplit();
        app.UseMiddleware<ClusterConnectionGate>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseInboundJournal();
        app.MapFleetHealth();
        app.MapFleetMetrics();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapTokenEndpoint();
        app.MapOscpEndpoints().MapForecastEndpoints();
        app.MapRegisterEndpoints();
        app.MapSitesEndpoints();
        app.MapMeteringEndpoints();
        app.MapPeersEndpoints();
        app.MapHistoryEndpoints();
        app.MapJournalEndpoints();
        app.MapFleetSummary();
        app.MapConsole();
        return app;
    }

    /// <summary>
    /// Binds every section the gateway uses to options validated at start-up (all problems at once, before anything
    /// listens) and wires the Orleans client from those options.
    /// </summary>
    public static WebApplicationBuilder AddFleetGateway(this WebApplicationBuilder builder)
    {
        builder.AddFleetSecretFiles();
        var configuration = builder.Configuration;
        builder.Services
            .AddValidatedOptions<OperatorPortOptions>(configuration, OperatorPortOptions.Section, o => o.Validate())
            .AddValidatedOptions<StorageOptions>(configuration, StorageOptions.Section, o => o.Validate())
            .AddValidatedOptions<FleetClusterOptions>(configuration, FleetClusterOptions.Section, o => o.Validate())
            .AddValidatedOptions<ClusterTlsOptions>(configuration, ClusterTlsOptions.Section, o => o.Validate())
            .AddValidatedOptions<TrustedProxyOptions>(configuration, TrustedProxyOptions.Section, o => o.Validate())
            .AddValidatedOptions<OscpOptions>(configuration, OscpOptions.Section,
                o => [
                    .. ConfigurationValidator.Validate(o, ConfigurationScope.Inbound, requireHttps: builder.Environment.IsProduction()),
                    .. ConfigurationValidator.ValidateCsmsBindings(o, configuration.GetSection(CsmsOptions.Section).Get<CsmsOptions>() ?? new()),
                ]);
        // The gateway checks a site's "csms" names a configured endpoint; the webhook secrets are only used by the silo.
        builder.Services.Configure<CsmsOptions>(configuration.GetSection(CsmsOptions.Section));
        // Kestrel reads its limits when the application is built, before start-up validation runs: read the section as it
        // is here (a too small value is reported by validation before Kestrel listens).
        var oscp = configuration.GetSection(OscpOptions.Section).Get<OscpOptions>() ?? new();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = oscp.MaxBodyBytes);
        OperatorPort.Listen(builder);
        // Kestrel must answer /healthz while the Orleans client is still looking for a silo:
        // start hosted services side by side instead of one after the other.
        builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
        builder.Services.AddFleetClock();
        builder.Services.AddFleetTelemetry(configuration, "oscpfleet-gateway");
        builder.AddFleetLogging();
        builder.Services.AddFleetSerialization();
        builder.Services.AddFleetAuthentication();
        builder.AddFleetOidc();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<FleetExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // Bodies are read by ApiJson, SiteRequestReader and OscpValidator, which refuse a repeated name with its path;
            // should a route ever bind a body itself, a repeated name must still not be silently resolved.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        builder.Services.AddFleetOpenApi();
        builder.Services.AddHealthChecks()
            .AddCheck<ClusterHealthCheck>("cluster", tags: [HealthEndpoints.ReadyTag])
            // Degraded, not Unhealthy: a storage blip reaches every gateway at once, and taking them all out of the load
            // balancer would turn "some requests get 503 + Retry-After" into "every caller gets a connection error".
            .AddCheck<TableStorageHealthCheck>("storage", failureStatus: HealthStatus.Degraded, tags: [HealthEndpoints.ReadyTag]);

        // Made from the validated options when first resolved, so an invalid configuration fails validation, not here.
        builder.Services.AddTableClients();
        builder.Services.AddMessageJournal();
        builder.Services.AddSingleton<RecordReader>();
        builder.UseOrleansClient(client =>
        {
            // Read as it is, like Kestrel's limit above: the client's hosted service is made before validation runs.
            var cluster = configuration.GetSection(FleetClusterOptions.Section).Get<FleetClusterOptions>() ?? new();
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = cluster.ClusterId;
                o.ServiceId = cluster.ServiceId;
            });
            // A call lost with a silo (stopped or dead) fails here, and is answered 503 + Retry-After, well before a CP
            // or CSMS gives up on its HTTP request (30 s is common): Orleans' default would wait 30 s itself.
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(cluster.CallTimeoutSeconds));
            client.UseAzureStorageClustering(o => o.Configure<TableServiceClient>((c, tables) => c.TableServiceClient = tables));
            client.UseConnectionRetryFilter(async (_, cancellation) =>
            {
                // Keep trying until a silo is reachable; readiness reports the cluster as down meanwhile.
                await Task.Delay(TimeSpan.FromSeconds(cluster.ReconnectDelaySeconds), cancellation);
                return true;
            });
            client.AddActivityPropagation();
            client.UseClusterTls(configuration.GetSection(ClusterTlsOptions.Section).Get<ClusterTlsOptions>() ?? new());
        });
        return builder;
    }
}
