using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Integration.Connection;

/// <summary>
/// Our OAuth client options over real HTTP against a CP simulator that requires, at its token URL, HTTP Basic, a
/// scope and the static headers (<see cref="StrictTokenCluster"/>).
/// </summary>
public sealed class StrictTokenTests(StrictTokenCluster cluster) : IClassFixture<StrictTokenCluster>
{
    private static readonly TimeSpan Timeout = VectorPeerCluster.Timeout;

    [Fact]
    public async Task A_peer_configured_for_basic_a_scope_and_headers_on_the_token_request_goes_online_and_refreshes_its_token()
    {
        // The fixture only starts once the CP saw our handshake acknowledged: every token request so far passed. A
        // revoked token makes the next heartbeat fetch a new one, which must pass the same strict checks.
        var attempts = await OscpCalls.HeartbeatsAfterTokenRevokedAsync(cluster);

        Assert.Equal([401, 204], attempts.Select(m => m.Status));
        var peer = await cluster.PeerAsync();
        Assert.Equal("Online", peer.GetProperty("state").GetString());
        Assert.False(peer.GetProperty("credentialsRejected").GetBoolean());
    }

    [Fact]
    public async Task A_peer_sending_its_credentials_in_the_body_to_a_cp_requiring_basic_is_refused_and_flagged()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var before = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        using var http = await cluster.OperatorAsync();

        // "Handshake now" answers once the attempt is over; the token request is all it gets to.
        using var handshake = await http.PostAsync($"/api/v1/peers/{StrictTokenCluster.BodyPeerId}/handshake", null);

        Assert.Equal(HttpStatusCode.Accepted, handshake.StatusCode);
        var status = await handshake.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("Online", status.GetProperty("state").GetString());
        Assert.True(status.GetProperty("credentialsRejected").GetBoolean());
        var lastError = status.GetProperty("lastError").GetString();
        Assert.Contains("HTTP 401 invalid_client", lastError, StringComparison.Ordinal);
        Assert.Contains("client_secret_basic is required", lastError, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Simulator.Received(OscpMessageKind.Handshake), m => m.Sequence > before);
        // The peer configured for basic, same CP and client, is not disturbed.
        Assert.Equal("Online", (await cluster.PeerAsync()).GetProperty("state").GetString());
    }
}
