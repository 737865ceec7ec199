using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Drills;

/// <summary>What the outage drills share: their sizes (CI defaults, bigger through <c>OSCPFLEET_DRILL_*</c>), forecast bodies and the figures line.</summary>
internal static class Drill
{
    /// <summary>An integer from the environment variable <paramref name="name"/>, else <paramref name="ciDefault"/>.</summary>
    public static int Setting(string name, int ciDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : ciDefault;

    /// <summary><paramref name="count"/> group ids <c>{prefix}_001</c>….</summary>
    public static IReadOnlyList<string> Sites(string prefix, int count) =>
        [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}_{i:000}"))];

    /// <summary>A CONSUMPTION forecast of <paramref name="kw"/> over eight quarter hours from <paramref name="start"/>.</summary>
    public static string Forecast(string groupId, DateTimeOffset start, double kw)
    {
        var blocks = Enumerable.Range(0, 8).Select(b => string.Create(CultureInfo.InvariantCulture,
            $$"""{"capacity":{{kw}},"phase":"ALL","unit":"KW","start_time":"{{start.AddMinutes(15 * b):yyyy-MM-ddTHH:mm:ssZ}}","end_time":"{{start.AddMinutes(15 * (b + 1)):yyyy-MM-ddTHH:mm:ssZ}}"}"""));
        return $$"""{"group_id":"{{groupId}}","type":"CONSUMPTION","forecasted_blocks":[{{string.Join(",", blocks)}}]}""";
    }

    /// <summary>Sends one forecast as the CP does; status 0 when no answer came (the connection failed or timed out).</summary>
    public static async Task<(int Status, bool RetryAfter)> SendForecastAsync(HttpClient http, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oscp/fp/2.0/update_group_capacity_forecast") { Content = content };
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        try
        {
            using var response = await http.SendAsync(request);
            return ((int)response.StatusCode, response.Headers.RetryAfter is not null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return (0, false);
        }
    }

    /// <summary>A client of <paramref name="gateway"/> holding <paramref name="token"/> as a bearer token.</summary>
    public static HttpClient Client(Uri gateway, string token, TimeSpan timeout)
    {
        var http = new HttpClient { BaseAddress = gateway, Timeout = timeout };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The energy (kWh) an asset measurement report carries.</summary>
    public static double ReportedKwh(ReceivedMessage report)
    {
        using var body = JsonDocument.Parse(report.Body);
        return body.RootElement.GetProperty("measurements")[0].GetProperty("energy_measurement").GetProperty("value").GetDouble();
    }

    /// <summary>The figures line every drill prints: <c>DRILL name key=value …</c>.</summary>
    public static string Figures(string name, params (string Key, object Value)[] figures) =>
        $"DRILL {name} " + string.Join(' ', figures.Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Key}={f.Value}")));
}
