using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OscpFleet.Grains;

namespace OscpFleet.Hosting;

/// <summary>Registers the product clock (<see cref="FleetClock"/>) unless a test already put a fake one in.</summary>
public static class FleetClockRegistration
{
    /// <summary>Adds the system clock under <see cref="FleetClock.Key"/> if nothing is registered there yet.</summary>
    public static IServiceCollection AddFleetClock(this IServiceCollection services)
    {
        services.TryAddKeyedSingleton(FleetClock.Key, TimeProvider.System);
        return services;
    }
}
