using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OscpFleet.Hosting;

/// <summary>OpenTelemetry for both processes: Prometheus scrape on <c>/metrics</c>, OTLP export when an endpoint is configured.</summary>
public static class FleetTelemetry
{
    /// <summary>Prefix of every meter and activity source of the product.</summary>
    public const string Prefix = "OscpFleet";

    /// <summary>Adds metrics (Orleans, ASP.NET Core, HTTP client, ours) and tracing (sampled by the standard OTEL_TRACES_SAMPLER settings).</summary>
    public static IServiceCollection AddFleetTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", $"{Prefix}.*")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", $"{Prefix}.*")
                    .AddAspNetCoreInstrumentation(o => o.Filter = c => !IsPlatformPath(c.Request.Path))
                    .AddHttpClientInstrumentation();
                if (otlp) tracing.AddOtlpExporter();
            });
        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint.</summary>
    public static WebApplication MapFleetMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsPlatformPath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
