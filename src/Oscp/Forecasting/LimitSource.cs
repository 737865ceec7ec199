using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>Where the limit in force at an instant came from.</summary>
// Stored by name, so reordering the members never changes the meaning of persisted state.
[JsonConverter(typeof(JsonStringEnumConverter<LimitSource>))]
public enum LimitSource
{
    /// <summary>A <c>CONSUMPTION</c> forecast block (peer online).</summary>
    Forecast,

    /// <summary>A <c>FALLBACK_CONSUMPTION</c> forecast block (peer offline, or no consumption block covers the instant).</summary>
    Fallback,

    /// <summary>The site's contractual base Dynamic Operating Envelope: no forecast covers the instant.</summary>
    BaseDoe,
}
