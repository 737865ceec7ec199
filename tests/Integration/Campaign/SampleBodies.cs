using System.Globalization;
using OscpFleet.Integration.Doe;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// A valid body for each route that takes one, aimed at a given site: what a legitimate caller would send. The
/// matrix sends them with wrong credentials (so a hole would change a real site); the campaign mutates them.
/// </summary>
public static class SampleBodies
{
    /// <summary>The route key of an endpoint: method and route pattern, e.g. <c>PUT /api/v1/sites/{groupId}</c>.</summary>
    public static string Key(string method, string pattern) => $"{method} {pattern}";

    /// <summary>The valid body (and its content type) for <paramref name="routeKey"/>, or null when the route takes none.</summary>
    public static (string Body, string ContentType)? For(string routeKey, string groupId, string peerId, DateTimeOffset now) => routeKey switch
    {
        "PUT /api/v1/sites/{groupId}" => (CampaignFixture.SiteBody(peerId).Replace("\"maxImportKw\":400", "\"maxImportKw\":1", StringComparison.Ordinal), Json),
        "POST /api/v1/sites:import" => ($"[{CampaignFixture.SiteBody(peerId).Replace("{\"peerId\"", $"{{\"groupId\":\"{groupId}\",\"peerId\"", StringComparison.Ordinal)}]", Json),
        "POST /api/v1/sites/{groupId}/meter-values" => ($$"""{"samples":[{{Sample(now)}}]}""", Json),
        "POST /api/v1/meter-values" => ($$"""{"sites":[{"groupId":"{{groupId}}","samples":[{{Sample(now)}}]}]}""", Json),
        "POST /api/v1/sites/{groupId}/capacity-requests" => ($$"""{"type":"CONSUMPTION","blocks":[{"from":"{{Time(Next(now))}}","to":"{{Time(Next(now).AddMinutes(15))}}","kw":180.5}]}""", Json),
        "POST /api/v1/sites/{groupId}/compliance-errors" => ($$"""{"message":"charger CS-001 does not accept profiles","from":"{{Time(Next(now))}}","to":"{{Time(Next(now).AddMinutes(30))}}"}""", Json),
        "POST /oscp/fp/2.0/update_group_capacity_forecast" => (Forecasts.Body(groupId, Period(now), 0, 10.5, 20, 30), Json),
        "POST /oscp/fp/2.0/heartbeat" => ($$"""{"offline_mode_at":"{{Time(now.AddMinutes(5))}}"}""", Json),
        "POST /oscp/fp/2.0/handshake" => ("""{"required_behaviour":{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"]}}""", Json),
        "POST /oscp/fp/2.0/handshake_acknowledge" => ("""{"required_behaviour":{"heartbeat_interval":30}}""", Json),
        "POST /oscp/fp/2.0/register" or "PUT /oscp/fp/2.0/register" =>
            ($$"""{"token":"{{new string('t', 40)}}","version_url":[{"version":"2.0","base_url":"http://127.0.0.1:1/oscp/cp/2.0"}]}""", Json),
        "POST /oauth/token" => ("grant_type=client_credentials&client_id=ops_console&client_secret=not-the-secret-0123456789abcdefghijkl", Form),
        _ => null,
    };

    /// <summary>A CSV import of one site.</summary>
    public static string Csv(string groupId, string peerId) =>
        $"groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw\n{groupId},{peerId},ASSET_1,Pacific/Auckland,400,main,150\n";

    /// <summary>JSON and form content types.</summary>
    public const string Json = "application/json", Form = "application/x-www-form-urlencoded";

    private static string Sample(DateTimeOffset now) =>
        $$"""{"chargerId":"CS-001","at":"{{Time(now.AddSeconds(-30))}}","energyWh":1834521,"powerW":48200}""";

    private static DateTimeOffset Period(DateTimeOffset now) => new(now.UtcTicks - (now.UtcTicks % TimeSpan.FromMinutes(15).Ticks), TimeSpan.Zero);

    private static DateTimeOffset Next(DateTimeOffset now) => Period(now).AddMinutes(15);

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
