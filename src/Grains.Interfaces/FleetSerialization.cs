using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains;

/// <summary>
/// Grain calls may carry the protocol library's types (wire messages, forecast blocks, meter samples) as they are:
/// Orleans hands every type of the <c>OscpFleet.Oscp</c> namespace to System.Text.Json, so the library stays free of
/// Orleans attributes and no model is written twice. The exception is the forecast, the DOE path's one large argument,
/// which goes through a surrogate in Orleans' binary codec (<see cref="Sites.ForecastSurrogate"/>). Silo and client must
/// both call this.
/// </summary>
public static class FleetSerialization
{
    /// <summary>Registers System.Text.Json for the protocol library's types.</summary>
    public static IServiceCollection AddFleetSerialization(this IServiceCollection services) =>
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSupported: type => type.Namespace?.StartsWith("OscpFleet.Oscp", StringComparison.Ordinal) == true && type != typeof(UpdateGroupCapacityForecast),
            jsonSerializerOptions: new JsonSerializerOptions(JsonSerializerDefaults.General)));
}
