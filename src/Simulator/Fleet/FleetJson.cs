using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// JSON of OscpFleet's own API and webhook as the simulator speaks it: camelCase, RFC 3339 times (UTC, <c>Z</c>),
/// strict about required and non-null members, tolerant of members it does not know.
/// </summary>
internal static class FleetJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            // Exactly as sent: a case variant of a member name is not the member.
            PropertyNameCaseInsensitive = false,
        };
        options.Converters.Add(new Rfc3339DateTimeOffsetConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
