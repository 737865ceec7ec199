using System.Reflection;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace OscpFleet.Hosting;

/// <summary>
/// OpenTelemetry for both processes: Prometheus scrape on <c>/metrics</c>, OTLP export (metrics, traces, logs) when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, histogram buckets fit for 10 ms … 300 s, runtime metrics, and resource
/// attributes that name the pod when the Kubernetes downward API provides them.
/// </summary>
public static class FleetTelemetry
{
    /// <summary>Prefix of every meter and activity source of the product.</summary>
    public const string Prefix = "OscpFleet";

    /// <summary>
    /// Bucket boundaries (seconds) of every histogram measured in seconds: fine below a second (webhook and HTTP
    /// latencies of 10–100 ms), and around the two-minute rule (90, 120, 150 s) up to the 5-minute report delays.
    /// </summary>
    public static readonly double[] SecondsBuckets =
        [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 15, 30, 60, 90, 120, 150, 180, 240, 300, 600, 900, 1800, 3600];

    /// <summary>Bucket boundaries of histograms measured in milliseconds (Orleans' own): the same range as <see cref="SecondsBuckets"/>.</summary>
    public static readonly double[] MillisecondsBuckets = [.. SecondsBuckets.Select(s => s * 1000)];

    /// <summary>Downward-API environment variables read into resource attributes (variable → attribute).</summary>
    public static readonly IReadOnlyDictionary<string, string> KubernetesAttributes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["POD_NAME"] = "k8s.pod.name",
        ["POD_NAMESPACE"] = "k8s.namespace.name",
        ["POD_UID"] = "k8s.pod.uid",
        ["NODE_NAME"] = "k8s.node.name",
        ["POD_IP"] = "k8s.pod.ip",
    };

    /// <summary>Adds metrics (Orleans, ASP.NET Core, HTTP client, runtime, ours) and tracing (sampled by the standard OTEL_TRACES_SAMPLER settings).</summary>
    public static IServiceCollection AddFleetTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var otlp = OtlpConfigured(configuration);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => ConfigureResource(r, configuration, serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("Microsoft.Orleans", $"{Prefix}.*")
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddView(HistogramView)
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
        if (otlp) telemetry.WithLogging(logging => logging.AddOtlpExporter(), options =>
        {
            options.IncludeScopes = true;
            options.IncludeFormattedMessage = true;
        });
        return services;
    }

    /// <summary>
    /// Console logs: JSON (one object a line, UTC timestamps, scopes with the trace and span ids) unless
    /// <c>Logging:Console:FormatterName</c> says otherwise; the default is <c>simple</c> in Development, <c>json</c> elsewhere.
    /// </summary>
    public static WebApplicationBuilder AddFleetLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        var formatter = builder.Configuration["Logging:Console:FormatterName"];
        if (string.IsNullOrWhiteSpace(formatter))
        {
            formatter = builder.Environment.IsDevelopment() ? ConsoleFormatterNames.Simple : ConsoleFormatterNames.Json;
            if (formatter == ConsoleFormatterNames.Simple) builder.Logging.AddSimpleConsole();
        }
        if (string.Equals(formatter, ConsoleFormatterNames.Json, StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
            });
        }
        return builder;
    }

    /// <summary>True when an OTLP endpoint is configured (the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    public static bool OtlpConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    /// <summary>
    /// <c>service.name</c>, <c>service.version</c> (the informational version of the entry assembly),
    /// <c>service.instance.id</c> (the pod name, else host name and process id), and the pod's Kubernetes attributes.
    /// </summary>
    public static ResourceBuilder ConfigureResource(ResourceBuilder resource, IConfiguration configuration, string serviceName)
    {
        var pod = configuration["POD_NAME"];
        var instance = string.IsNullOrWhiteSpace(pod) ? $"{Environment.MachineName}-{Environment.ProcessId}" : pod;
        resource.AddService(serviceName, serviceVersion: ServiceVersion, autoGenerateServiceInstanceId: false, serviceInstanceId: instance);
        var attributes = KubernetesAttributes
            .Where(a => !string.IsNullOrWhiteSpace(configuration[a.Key]))
            .Select(a => new KeyValuePair<string, object>(a.Value, configuration[a.Key]!))
            .ToList();
        if (attributes.Count > 0) resource.AddAttributes(attributes);
        return resource;
    }

    /// <summary>The product's version: the informational version of this assembly without the source-revision suffix.</summary>
    public static string ServiceVersion { get; } =
        (typeof(FleetTelemetry).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>Explicit buckets for every histogram in seconds or milliseconds; others keep their own.</summary>
    private static MetricStreamConfiguration? HistogramView(Instrument instrument) =>
        instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Histogram<>)
            ? instrument.Unit switch
            {
                "s" => new ExplicitBucketHistogramConfiguration { Boundaries = SecondsBuckets },
                "ms" => new ExplicitBucketHistogramConfiguration { Boundaries = MillisecondsBuckets },
                _ => null,
            }
            : null;

    /// <summary>Maps the Prometheus scrape endpoint.</summary>
    public static WebApplication MapFleetMetrics(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }

    private static bool IsPlatformPath(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/metrics") || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");
}
