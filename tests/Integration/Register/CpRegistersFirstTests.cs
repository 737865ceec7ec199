using System.Net;
using OscpFleet.Grains.Peers;
using OscpFleet.Testing;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Integration.Register;

/// <summary>The CP registers first with its bootstrap token; we reply with our Register; then the handshake.</summary>
public sealed class CpRegistersFirstTests(CpRegistersFirstCluster cluster) : IClassFixture<CpRegistersFirstCluster>
{
    private static readonly TimeSpan Timeout = RegisteringPeerCluster.Timeout;

    [Fact]
    public async Task Tokens_are_exchanged_the_peer_comes_online_and_the_new_token_works()
    {
        var cp = cluster.Simulator.GetRegistration();
        var registration = await cluster.Registration.GetStatusAsync();
        var peer = await cluster.Peer.GetStatusAsync();

        Assert.Equal(CpRegistrationState.Registered, cp.State);
        // Our reply carried our 2.0 base URL and a fresh token (not the bootstrap token).
        Assert.Equal($"{cluster.Gateway.BaseAddress.GetLeftPart(UriPartial.Authority)}/oscp/fp/2.0", cp.FpBaseUrl);
        Assert.NotNull(cp.TokenFromFp);
        Assert.NotEqual(cluster.BootstrapForCp, cp.TokenFromFp);
        Assert.Equal(43, cp.TokenFromFp!.Length);
        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal("cp", registration.InitiatedBy);
        Assert.NotNull(registration.TokensRotatedAt);
        Assert.Equal(ConnectionState.Online, peer.State);
        // Our calls to the CP carry the CP's token from its Register (the simulator accepts nothing else).
        Assert.DoesNotContain(cluster.Simulator.Received(), m => m.Status == 401);
        Assert.Contains(cluster.Simulator.Received(), m => m.Kind == OscpMessageKind.HandshakeAcknowledge && m.Accepted);

        using var withNewToken = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), cp.TokenFromFp);
        using var withBootstrap = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), cluster.BootstrapForCp);
        using var handshakeWithBootstrap = await cluster.CallAsync(HttpMethod.Post, "handshake", """{"required_behaviour":{}}""", cluster.BootstrapForCp);

        Assert.Equal(HttpStatusCode.NoContent, withNewToken.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withBootstrap.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, handshakeWithBootstrap.StatusCode);
        cluster.AssertNoneLogged(cluster.BootstrapForCp, cp.TokenFromFp, cp.TokenForFp, cluster.EncryptionKey);
    }

    [Fact]
    public async Task The_peers_api_shows_the_registration_and_never_a_token_or_hash()
    {
        var cp = cluster.Simulator.GetRegistration();

        var json = await cluster.PeerJsonAsync();
        var registration = System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("registration");

        Assert.Equal("Registered", registration.GetProperty("state").GetString());
        Assert.Equal("cp", registration.GetProperty("initiatedBy").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.String, registration.GetProperty("since").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.String, registration.GetProperty("tokensRotatedAt").ValueKind);
        Assert.True(registration.TryGetProperty("lastError", out _));
        foreach (var secret in new[] { cp.TokenFromFp!, cp.TokenForFp!, cluster.BootstrapForCp, Oscp.Configuration.SecretHash.Compute(cp.TokenFromFp!)[7..] })
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bootstrap_token_is_spent_once_registered()
    {
        var body = $$"""{"token":"{{new string('x', 43)}}","version_url":[{"version":"2.0","base_url":"http://127.0.0.1:1/oscp/cp/2.0"}]}""";
        var before = cluster.Simulator.GetRegistration();

        using var again = await cluster.CallAsync(HttpMethod.Post, "register", body, cluster.BootstrapForCp);
        using var put = await cluster.CallAsync(HttpMethod.Put, "register", body, cluster.BootstrapForCp);
        using var delete = await cluster.CallAsync(HttpMethod.Delete, "register", null, cluster.BootstrapForCp);

        Assert.Equal(HttpStatusCode.Forbidden, again.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(RegistrationState.Registered, (await cluster.Registration.GetStatusAsync()).State);
        using var stillWorks = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), before.TokenFromFp!);
        Assert.Equal(HttpStatusCode.NoContent, stillWorks.StatusCode);
    }

    [Theory]
    [InlineData("""{"version_url":[{"version":"2.0","base_url":"http://127.0.0.1:1/oscp/cp/2.0"}]}""", "token")]
    [InlineData("""{"token":"0123456789012345678901234567890123456789","version_url":[{"version":"2.0","base_url":"not a url"}]}""", "version_url[0].base_url")]
    [InlineData("""{"token":"short","version_url":[{"version":"2.0","base_url":"http://127.0.0.1:1/oscp/cp/2.0"}]}""", "token")]
    [InlineData("""{"token":"0123456789012345678901234567890123456789","version_url":[]}""", "version_url")]
    public async Task An_invalid_register_is_400_naming_the_field_and_changes_nothing(string body, string field)
    {
        var token = cluster.Simulator.GetRegistration().TokenFromFp!;

        using var answer = await cluster.CallAsync(HttpMethod.Put, "register", body, token);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Contains(field, await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var stillWorks = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), token);
        Assert.Equal(HttpStatusCode.NoContent, stillWorks.StatusCode);
    }

    [Fact]
    public async Task A_register_without_version_2_0_is_501_and_changes_nothing()
    {
        var token = cluster.Simulator.GetRegistration().TokenFromFp!;
        var rotatedBefore = (await cluster.Registration.GetStatusAsync()).TokensRotatedAt;

        using var answer = await cluster.CallAsync(
            HttpMethod.Put, "register", """{"token":"0123456789012345678901234567890123456789","version_url":[{"version":"2.1","base_url":"http://127.0.0.1:1/x"}]}""", token);
        using var wrongType = await cluster.CallAsync(HttpMethod.Put, "register", "{}", token, "text/plain");

        Assert.Equal(HttpStatusCode.NotImplemented, answer.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);
        Assert.Equal(rotatedBefore, (await cluster.Registration.GetStatusAsync()).TokensRotatedAt);
        using var stillWorks = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), token);
        Assert.Equal(HttpStatusCode.NoContent, stillWorks.StatusCode);
    }

    [Fact]
    public async Task A_silo_restart_keeps_the_registration_without_registering_again()
    {
        var token = cluster.Simulator.GetRegistration().TokenFromFp!;
        var since = (await cluster.Registration.GetStatusAsync()).Since;
        var registersBefore = RegistersReceived();

        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        await cluster.StartSiloAsync();
        await cluster.Gateway.ReconnectAsync(Timeout);

        var registration = await cluster.Registration.GetStatusAsync();
        Assert.Equal(RegistrationState.Registered, registration.State);
        Assert.Equal(since, registration.Since);
        using var stillWorks = await cluster.CallAsync(HttpMethod.Post, "heartbeat", cluster.Heartbeat(), token);
        Assert.Equal(HttpStatusCode.NoContent, stillWorks.StatusCode);
        // Our calls still carry the CP's token, decrypted from storage by the new silo.
        var before = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        await cluster.Peer.StartHandshakeAsync();
        var handshake = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > before, Timeout);
        Assert.True(handshake.Accepted, handshake.ToString());
        Assert.Equal(registersBefore, RegistersReceived());
    }

    [Fact]
    public async Task A_new_encryption_key_first_rewrites_the_stored_token_so_the_old_key_can_be_retired()
    {
        var newKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // Rotation: the new key first, the old one still listed.
        await RestartSiloAsync(new Dictionary<string, string?> { ["Oscp:Registration:EncryptionKeys:0"] = newKey, ["Oscp:Registration:EncryptionKeys:1"] = cluster.EncryptionKey });
        await cluster.Registration.TickAsync();
        // Retired: only the new key. The CP's token must still decrypt (it was rewritten under the new key).
        await RestartSiloAsync(new Dictionary<string, string?> { ["Oscp:Registration:EncryptionKeys:0"] = newKey });

        var before = cluster.Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();
        await cluster.Peer.StartHandshakeAsync();
        var handshake = await cluster.Simulator.WaitForReceivedAsync(m => m.Kind == OscpMessageKind.Handshake && m.Sequence > before, Timeout);
        Assert.True(handshake.Accepted, handshake.ToString());
        Assert.Equal(RegistrationState.Registered, (await cluster.Registration.GetStatusAsync()).State);

        // And back, the same way, so the fixture's own key is the one in use for the other tests.
        await RestartSiloAsync(new Dictionary<string, string?> { ["Oscp:Registration:EncryptionKeys:0"] = cluster.EncryptionKey, ["Oscp:Registration:EncryptionKeys:1"] = newKey });
        await cluster.Registration.TickAsync();
        await RestartSiloAsync();
        Assert.NotNull(await cluster.Registration.GetEndpointAsync());
    }

    private async Task RestartSiloAsync(IDictionary<string, string?>? overrides = null)
    {
        cluster.Gateway.Connection.Reset();
        await cluster.StopSiloAsync(cluster.Silos[0], graceful: false);
        await cluster.StartSiloAsync(overrides);
        await cluster.Gateway.ReconnectAsync(Timeout);
    }

    private int RegistersReceived() => cluster.Simulator.Received(OscpMessageKind.Register).Count;
}
