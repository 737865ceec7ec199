using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;

namespace OscpFleet.Oscp.Client;

/// <summary>Registers the outbound OSCP client.</summary>
public static class OscpClientRegistration
{
    /// <summary>The meter of <c>oscp.client.requests</c> and <c>oscp.client.token_fetches</c> (add it to OpenTelemetry).</summary>
    public const string MeterName = "OscpFleet.Oscp.Client";

    /// <summary>The named HttpClient that talks to peers' OAuth token endpoints.</summary>
    public const string TokenHttpClientName = "OscpFleet.Oscp.Client.Token";

    /// <summary>The name of the resilience pipeline inside the <see cref="OscpClient"/> HttpClient.</summary>
    public const string PipelineName = "oscp";

    /// <summary>
    /// Registers <see cref="OscpClient"/> as a typed HttpClient: a resilience handler (total timeout, quick jittered
    /// retries on transport errors, timeouts, 408, 429 and 5xx, per-attempt timeout; see <see cref="OscpClientOptions"/>),
    /// then the handler that stamps each attempt's <c>X-Request-ID</c>. Also the OAuth token cache (on <paramref name="time"/>),
    /// its HttpClient (<see cref="TokenHttpClientName"/>) and the metrics. Redirects are not followed: a POST must not
    /// silently become a GET elsewhere.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="time">
    /// The clock token lifetimes are measured on (the product clock); defaults to <see cref="TimeProvider.System"/>.
    /// The resilience timeouts and back-off run on the container's unkeyed <see cref="TimeProvider"/> (Polly's choice),
    /// not on this one: a retry waiting on a paused test clock would hang the caller. Calling this again changes nothing.
    /// </param>
    /// <returns>The builder of the <see cref="OscpClient"/> HttpClient, for more configuration (a test's primary handler).</returns>
    public static IHttpClientBuilder AddOscpClient(this IServiceCollection services, Func<IServiceProvider, TimeProvider>? time = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(OscpTokenCache)))
        {
            // Already registered (the silo and shared hosting code may both ask): a second resilience handler
            // would nest retries inside retries. The first registration's clock stays.
            return services.AddHttpClient(nameof(OscpClient));
        }

        var clock = time ?? (static _ => TimeProvider.System);
        services.AddMetrics();
        services.AddOptions<OscpClientOptions>();
        services.TryAddSingleton<OscpClientMetrics>();
        services.TryAddSingleton(static sp => new OscpTokenEndpoint(sp.GetRequiredService<IHttpClientFactory>(), TokenHttpClientName));
        services.TryAddSingleton(sp => new OscpTokenCache(
            sp.GetRequiredService<OscpTokenEndpoint>(),
            clock(sp),
            sp.GetRequiredService<OscpClientMetrics>(),
            sp.GetRequiredService<IOptionsMonitor<OscpClientOptions>>(),
            sp.GetRequiredService<ILogger<OscpTokenCache>>()));
        services.TryAddTransient<OscpRequestIdHandler>();

        services.AddHttpClient(TokenHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });

        var builder = services
            .AddHttpClient(nameof(OscpClient))
            .AddTypedClient((http, sp) => new OscpClient(
                http,
                sp.GetRequiredService<OscpTokenCache>(),
                sp.GetRequiredService<OscpClientMetrics>(),
                sp.GetRequiredService<ILogger<OscpClient>>(),
                clock(sp),
                sp.GetService<Journal.IOscpMessageJournal>()))
            .ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan) // the pipeline's total timeout rules
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.AddResilienceHandler(PipelineName, static (pipeline, context) =>
            Configure(pipeline, context.ServiceProvider.GetRequiredService<IOptions<OscpClientOptions>>().Value));

        // Added after the resilience handler, so it runs inside it: once per attempt.
        builder.AddHttpMessageHandler<OscpRequestIdHandler>();
        return builder;
    }

    private static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, OscpClientOptions options)
    {
        pipeline.AddTimeout(options.TotalTimeout);
        if (options.MaxRetryAttempts > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                // The default predicate: HttpRequestException, attempt timeout, 408, 429, 5xx.
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // A Retry-After of minutes would hold the caller past the total timeout; the caller's back-off handles it.
                ShouldRetryAfterHeader = false,
            });
        }

        pipeline.AddTimeout(options.AttemptTimeout);
    }
}
