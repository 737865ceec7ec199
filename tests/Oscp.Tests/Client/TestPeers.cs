using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>The peers, secrets and messages the client tests send.</summary>
internal static class TestPeers
{
    public const string CpBase = "https://cp.example.test";
    public const string TokenUrl = CpBase + "/token";
    public const string ClientSecret = "client-secret-4f9a7c1e2b8d6053";
    public const string StaticTokenValue = "static-token-9d2e41b7c6a05f83";
    public const string HeartbeatUrl = CpBase + "/oscp/cp/2.0/heartbeat";
    public const string ApiKey = "api-key-0b5c8e2f7a914d36";

    public static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static OAuthClientCredentials OAuth { get; } = new(new Uri(TokenUrl), "fleet", ClientSecret);

    public static OscpPeerEndpoint Vector(params KeyValuePair<string, string>[] headers) =>
        new("vector_test", PeerProfile.Vector, new Uri(CpBase + "/"), OAuth) { Headers = headers };

    public static OscpPeerEndpoint Oscp() =>
        new("oscp_test", PeerProfile.Oscp, new Uri(CpBase), new StaticToken(StaticTokenValue));

    public static Heartbeat Heartbeat() => new(Start.AddMinutes(1));

    /// <summary>Fails validation: its only block ends before it starts.</summary>
    public static AdjustGroupCapacityForecast BackwardsAdjustment() =>
        new("SITE_1", CapacityForecastType.Consumption, [new ForecastedBlock(50, PhaseIndicator.All, ForecastedBlockUnit.Kw, Start.AddHours(1), Start)]);
}
