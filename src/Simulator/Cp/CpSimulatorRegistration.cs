using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Simulator.Cp;

/// <summary>Wires the capacity provider simulator into an ASP.NET Core application.</summary>
public static class CpSimulatorRegistration
{
    /// <summary>
    /// Registers the simulator's services with <paramref name="options"/> (already validated). The clock is the
    /// <see cref="SimulatorClock.Key"/> <see cref="TimeProvider"/> if one is registered, else the system clock.
    /// </summary>
    public static IServiceCollection AddCpSimulator(this IServiceCollection services, CpSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.TryAddKeyedSingleton(SimulatorClock.Key, TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<EventSequence>();
        services.AddSingleton(new RecordLog<ReceivedMessage>(r => r.ToString(), options.MaxRecords));
        services.AddSingleton(new RecordLog<SentMessage>(s => s.ToString(), options.MaxRecords));
        services.AddSingleton<CpRegistration>();
        services.AddSingleton<CpTokens>();
        services.AddSingleton<CpScript>();
        services.AddSingleton<CpInboundConcurrency>();
        services.AddSingleton<CpConnection>();
        services.AddSingleton<CpHeartbeatLedger>();
        services.AddSingleton<CpAdmission>();
        services.AddSingleton<CpOutbound>();
        services.AddSingleton<CpHandshakes>();
        services.AddSingleton<CpHeartbeats>();
        services.AddSingleton<CpForecasts>();
        services.AddSingleton<CpInbound>();
        services.AddSingleton(sp => new CpSimulator(sp, options));
        services.AddHostedService<CpSimulatorService>();

        // The product's outbound client, on the simulator's clock (token expiry), traced per attempt.
        services.AddTransient<SendTraceHandler>();
        services.AddOscpClient(sp => sp.GetRequiredKeyedService<TimeProvider>(SimulatorClock.Key))
            .AddHttpMessageHandler<SendTraceHandler>();

        services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower)));
        return services;
    }

    /// <summary>Maps <c>POST /token</c> (vector only), <c>POST /oscp/cp/2.0/{message}</c> and the <c>/sim</c> control API.</summary>
    public static IEndpointRouteBuilder MapCpSimulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // A plain OSCP CP has no OAuth: its tokens were exchanged at registration.
        if (endpoints.ServiceProvider.GetRequiredService<CpSimulatorOptions>().Profile == PeerProfile.Vector)
            CpTokenEndpoint.Map(endpoints);
        // Register (plain OSCP): POST, PUT and DELETE; a literal route, so it wins over {message}.
        endpoints.MapMethods(CpRegistration.Route, ["POST", "PUT", "DELETE"], (HttpContext context, CpRegistration registration) => registration.HandleAsync(context))
            .ExcludeFromDescription();
        endpoints.MapPost(CpInbound.Route, (HttpContext context, string message, CpInbound inbound) => inbound.HandleAsync(context, message))
            .ExcludeFromDescription();
        CpControlApi.Map(endpoints);
        return endpoints;
    }
}
