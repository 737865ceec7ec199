using OscpFleet.Testing;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench.GridSafety;

/// <summary>
/// bench/Support's <see cref="ManySitesCluster"/> (Azurite, one silo, the gateway, the CP simulator online as
/// <c>vector_test</c>, the fleet simulator as the CSMS <c>main</c> receiving the signed webhooks) with the heartbeat
/// interval we ask of the CP raised to <paramref name="heartbeatSeconds"/>, so the product clock can move a step at a
/// time without the connection timing out, tokens that live a day of the product clock, and sites imported with their own base DOE profile and contract maximum.
/// </summary>
internal sealed class GridSafetyCluster(IReadOnlyList<SiteSetup> sites, int heartbeatSeconds)
    : ManySitesCluster([.. sites.Select(s => s.GroupId)], g => [($"{g}-CS1", 150), ($"{g}-CS2", 50)])
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The heartbeat interval we ask of the CP.</summary>
    public int HeartbeatSeconds => heartbeatSeconds;

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = heartbeatSeconds.ToString(CultureInfo.InvariantCulture);
            // Our tokens live a day of the product clock (the most allowed): the walk crosses a day in a minute or two,
            // and with hour-long tokens the operator client, the CP and the CSMS together would ask our token endpoint
            // more than its 60 requests per minute.
            settings["Oscp:Tokens:LifetimeSeconds"] = "86400";
            return settings;
        }
    }

    /// <summary>
    /// Imports every site (<c>POST /api/v1/sites:import</c>) with its base DOE profile and contract maximum, and waits
    /// until the CSMS accepted each one's first version.
    /// </summary>
    public async Task ImportAsync()
    {
        using var ops = await OperatorAsync();
        ops.Timeout = SetupTimeout;
        var first = sites.ToDictionary(s => s.GroupId, s => Csms.WaitForWebhookAsync(w => w.GroupId == s.GroupId && w.Outcome == WebhookOutcome.Applied, SetupTimeout));
        var rows = sites.Select(s => new
        {
            groupId = s.GroupId,
            peerId = PeerId,
            assetId = s.GroupId,
            timeZone = SiteSetup.TimeZone,
            nominalVoltage = SiteSetup.NominalVoltage,
            phases = SiteSetup.Phases,
            baseDoe = s.BaseDoe.Select(e => new { from = e.From, kw = e.Kw }),
            maxImportKw = s.MaxImportKw,
            csms = CsmsName,
            chargers = Chargers(s.GroupId).Select(c => new { id = c.Id, ratedKw = c.RatedKw }),
        });
        using var response = await ops.PostAsJsonAsync("/api/v1/sites:import", rows);
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"import answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        await Task.WhenAll(first.Values);
    }

    /// <summary>The peer as <c>GET /api/v1/peers/vector_test</c> shows it.</summary>
    public async Task<PeerView> PeerViewAsync(HttpClient ops)
    {
        var peer = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/peers/{PeerId}");
        return new PeerView(
            peer.GetProperty("state").GetString() ?? "",
            peer.GetProperty("limitsLost").GetBoolean(),
            Time(peer, "theirOfflineModeAt"),
            Time(peer, "nextHandshakeAt"));
    }

    /// <summary>A site as <c>GET /api/v1/sites/{groupId}</c> shows it.</summary>
    public static async Task<SiteView> SiteViewAsync(HttpClient ops, string groupId)
    {
        var site = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{groupId}");
        return new SiteView(
            site.GetProperty("version").GetInt64(),
            site.GetProperty("deliveredVersion").GetInt64(),
            site.GetProperty("connectionLost").GetBoolean());
    }

    private static DateTimeOffset? Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetDateTimeOffset() : null;
}

/// <summary>What the peers API says of the connection.</summary>
internal sealed record PeerView(string State, bool LimitsLost, DateTimeOffset? TheirOfflineModeAt, DateTimeOffset? NextHandshakeAt)
{
    /// <summary>Online and live for limits: forecasts pass the gate.</summary>
    public bool Live => State == "Online" && !LimitsLost;
}

/// <summary>What the sites API says of a site.</summary>
internal sealed record SiteView(long Version, long DeliveredVersion, bool ConnectionLost);
