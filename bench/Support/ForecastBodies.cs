using System.Globalization;
using System.Text.Json;

namespace OscpFleet.Bench;

/// <summary>
/// OSCP 2.0 <c>UpdateGroupCapacityForecast</c> bodies as a CP sends them: 96 × 15-minute CONSUMPTION blocks (24 hours)
/// for one group, kW values varying per block so nothing coalesces. Built once, before any timing.
/// </summary>
public static class ForecastBodies
{
    /// <summary>Blocks per forecast.</summary>
    public const int Blocks = 96;

    /// <summary>The UTF-8 body for <paramref name="groupId"/>, blocks from <paramref name="start"/>.</summary>
    public static byte[] Build(string groupId, DateTimeOffset start, int seed)
    {
        using var buffer = new MemoryStream(Blocks * 128);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("group_id", groupId);
            json.WriteString("type", "CONSUMPTION");
            json.WriteStartArray("forecasted_blocks");
            for (var i = 0; i < Blocks; i++)
            {
                json.WriteStartObject();
                json.WriteNumber("capacity", 40 + ((seed * 7) + (i * 13)) % 120);
                json.WriteString("phase", "ALL");
                json.WriteString("unit", "KW");
                json.WriteString("start_time", Time(start.AddMinutes(15 * i)));
                json.WriteString("end_time", Time(start.AddMinutes(15 * (i + 1))));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>The CP's POST of <paramref name="body"/> to the gateway, with its bearer token and a new <c>X-Request-ID</c>.</summary>
    public static HttpRequestMessage Request(byte[] body, string token)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/update_group_capacity_forecast") { Content = content };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        return request;
    }
}
