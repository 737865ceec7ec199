using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Why a limit is what it is, as the CSMS sees it: a limit version's <c>reason</c> and each schedule
/// entry's <c>source</c>. Written in snake_case (<c>base_doe</c>, <c>emergency_stop</c>).
/// </summary>
// Stored and sent by name, so reordering the members never changes a document's meaning.
[JsonConverter(typeof(JsonStringEnumConverter<LimitReason>))]
public enum LimitReason
{
    /// <summary>A <c>CONSUMPTION</c> forecast from the grid operator.</summary>
    [JsonStringEnumMemberName("forecast")]
    Forecast,

    /// <summary>A <c>FALLBACK_CONSUMPTION</c> forecast (the connection is offline or no consumption forecast covers the time).</summary>
    [JsonStringEnumMemberName("fallback")]
    Fallback,

    /// <summary>The site's contractual base DOE: no forecast covers the time.</summary>
    [JsonStringEnumMemberName("base_doe")]
    BaseDoe,

    /// <summary>A protective zero profile (every block 0): stop charging at once.</summary>
    [JsonStringEnumMemberName("emergency_stop")]
    EmergencyStop,

    /// <summary>An operator's override.</summary>
    [JsonStringEnumMemberName("operator")]
    Operator,
}
