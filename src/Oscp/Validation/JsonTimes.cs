using System.Runtime.InteropServices;
using System.Text.Json;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Oscp.Validation;

/// <summary>Reads a JSON string value as an RFC 3339 time (<see cref="Rfc3339"/>) where it stands, without a string when it is unescaped.</summary>
internal static class JsonTimes
{
    public static bool TryRead(JsonElement value, out DateTimeOffset time)
    {
        time = default;
        if (value.ValueKind != JsonValueKind.String) return false;
        // The raw value with its quotes; an escaped one is read as a string.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' && !raw.Contains((byte)'\\'))
            return Rfc3339.TryParseUtf8(raw[1..^1], out time);
        return Rfc3339.TryParse(value.GetString(), out time);
    }
}
