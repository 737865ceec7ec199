using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OscpFleet.Simulator.Fleet;

/// <summary>Wires the fleet simulator into an ASP.NET Core application.</summary>
public static class FleetSimulatorRegistration
{
    /// <summary>
    /// Registers the simulator's services with <paramref name="options"/> (already validated). The clock is the
    /// <see cref="SimulatorClock.Key"/> <see cref="TimeProvider"/> if one is registered, else the system clock.
    /// </summary>
    public static IServiceCollection AddFleetSimulator(this IServiceCollection services, FleetSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddKeyedSingleton(SimulatorClock.Key, TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<EventSequence>();
        services.AddSingleton(new RecordLog<ReceivedWebhook>(r => r.ToString(), options.MaxRecords));
        services.AddSingleton(new RecordLog<GatewayCall>(c => c.ToString(), options.MaxRecords));
        services.AddSingleton<FleetSites>();
        services.AddSingleton<FleetScript>();
        services.AddSingleton<WebhookConcurrency>();
        services.AddSingleton<FleetTokenCache>();
        services.AddSingleton<FleetGateway>();
        services.AddSingleton<FleetOnboarding>();
        services.AddSingleton<FleetConfirmations>();
        services.AddSingleton<FleetMeterValues>();
        services.AddSingleton<FleetWebhook>();
        services.AddSingleton(sp => new CsmsSimulator(sp, options));
        services.AddHostedService<FleetSimulatorService>();

        // No automatic redirects: a PUT or POST must not silently become a GET elsewhere.
        services.AddHttpClient(FleetGateway.HttpClientName, static http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddHttpClient(FleetTokenCache.HttpClientName, static http => http.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(static () => new SocketsHttpHandler { AllowAutoRedirect = false });

        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        return services;
    }

    /// <summary>Maps the limit webhook (<c>POST {WebhookPath}</c>) and the <c>/sim/fleet</c> control API.</summary>
    public static IEndpointRouteBuilder MapFleetSimulator(this IEndpointRouteBuilder endpoints, FleetSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        endpoints.MapPost(options.WebhookPath, (HttpContext context, FleetWebhook webhook) => webhook.HandleAsync(context))
            .ExcludeFromDescription();
        FleetControlApi.Map(endpoints);
        return endpoints;
    }
}
