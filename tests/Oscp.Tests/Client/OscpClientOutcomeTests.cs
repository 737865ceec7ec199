using System.Net;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Client;

public sealed class OscpClientOutcomeTests
{
    [Theory]
    [InlineData(204)]
    [InlineData(200)]
    [InlineData(202)]
    public async Task Any_2xx_is_delivered_at_the_first_attempt(int status)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, (HttpStatusCode)status);

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(new OscpSendResult(OscpSendOutcome.Delivered, status, result.RequestId, null, null), result);
        Assert.Single(harness.Network.Requests);
    }

    [Fact]
    public async Task Status_409_means_not_connected_by_default_and_is_not_retried()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, () => ScriptedNetwork.Status(HttpStatusCode.Conflict, """{"message":"connection offline: handshake required"}"""));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.NotConnected, result.Outcome);
        Assert.Equal(409, result.StatusCode);
        Assert.Equal("""{"message":"connection offline: handshake required"}""", result.ResponseBody);
        Assert.Single(harness.Network.Requests);
    }

    [Fact]
    public async Task Not_connected_statuses_are_the_peers_own()
    {
        using var harness = new ClientHarness();
        var peer = TestPeers.Oscp() with { NotConnectedStatuses = [403] };
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Forbidden, HttpStatusCode.Conflict);

        var forbidden = await harness.Client.SendAsync(peer, TestPeers.Heartbeat());
        var conflict = await harness.Client.SendAsync(peer, TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.NotConnected, forbidden.Outcome);
        Assert.Equal(OscpSendOutcome.Rejected, conflict.Outcome);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(413)]
    [InlineData(422)]
    [InlineData(301)]
    public async Task Other_statuses_are_rejected_with_the_peers_body_and_not_retried(int status)
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, () => ScriptedNetwork.Status((HttpStatusCode)status, """{"message":"offline_mode_at: required"}"""));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Rejected, result.Outcome);
        Assert.Equal(status, result.StatusCode);
        Assert.Equal("""{"message":"offline_mode_at: required"}""", result.ResponseBody);
        Assert.Equal($"HTTP {status}: the peer rejected the message", result.Error);
        Assert.Single(harness.Network.Requests);
    }

    [Fact]
    public async Task A_large_rejection_body_is_cut_to_4_KB()
    {
        using var harness = new ClientHarness();
        var huge = new string('x', 10_000);
        harness.Network.Answer(TestPeers.HeartbeatUrl, () => ScriptedNetwork.Status(HttpStatusCode.BadRequest, huge));

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(huge[..OscpSendResult.MaxResponseBodyLength], result.ResponseBody);
        Assert.Equal(4096, OscpSendResult.MaxResponseBodyLength);
    }

    [Fact]
    public async Task Status_401_with_a_static_token_is_unauthorized_at_once()
    {
        using var harness = new ClientHarness();
        harness.Network.Answer(TestPeers.HeartbeatUrl, HttpStatusCode.Unauthorized);

        var result = await harness.Client.SendAsync(TestPeers.Oscp(), TestPeers.Heartbeat());

        Assert.Equal(OscpSendOutcome.Unauthorized, result.Outcome);
        Assert.Equal(401, result.StatusCode);
        Assert.Single(harness.Network.Requests);
    }

    [Fact]
    public async Task An_invalid_message_is_rejected_with_its_problems_and_nothing_is_sent()
    {
        using var harness = new ClientHarness();

        var result = await harness.Client.SendAsync(TestPeers.Vector(), TestPeers.BackwardsAdjustment());

        Assert.Equal(OscpSendOutcome.Rejected, result.Outcome);
        Assert.Null(result.StatusCode);
        Assert.Equal("", result.RequestId);
        Assert.StartsWith("not sent, invalid adjust_group_capacity_forecast: forecasted_blocks[0]", result.Error, StringComparison.Ordinal);
        Assert.Empty(harness.Network.Requests); // not even a token fetch
    }

    [Fact]
    public async Task A_message_the_peers_profile_forbids_is_rejected_and_not_sent()
    {
        using var harness = new ClientHarness();
        var groupMeasurements = new UpdateGroupMeasurements(
            "SITE_1", [new EnergyMeasurement(12.5, PhaseIndicator.All, EnergyMeasurementUnit.Kwh, EnergyFlowDirection.Import, TestPeers.Start)]);

        var toVector = await harness.Client.SendAsync(TestPeers.Vector(), groupMeasurements);
        var toOscp = await harness.Client.SendAsync(TestPeers.Oscp(), groupMeasurements);

        Assert.Equal(OscpSendOutcome.Rejected, toVector.Outcome);
        Assert.Equal(OscpSendOutcome.Delivered, toOscp.Outcome);
        Assert.Equal("https://cp.example.test/oscp/cp/2.0/update_group_measurements", Assert.Single(harness.Network.Requests).Url);
    }
}
