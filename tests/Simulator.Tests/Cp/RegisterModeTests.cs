using System.Net.Http.Headers;
using System.Text;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class RegisterModeTests
{
    private const string Bootstrap = "bootstrap-token-the-cp-gave-the-fp-operator";

    [Fact]
    public void Register_mode_needs_no_configured_tokens_but_initiating_needs_the_fps_bootstrap_token()
    {
        var answering = new CpSimulatorOptions { Profile = PeerProfile.Oscp, FpBaseUrl = "http://127.0.0.1:5080", Register = new() { BootstrapTokenForFp = Bootstrap } };
        var initiating = new CpSimulatorOptions { Profile = PeerProfile.Oscp, FpBaseUrl = "http://127.0.0.1:5080", Register = new() { Initiate = true } };
        var vector = new CpSimulatorOptions { Register = new() { Initiate = true, BootstrapTokenFromFp = Bootstrap } };

        Assert.Empty(CpSimulatorOptionsValidator.Validate(answering));
        Assert.Equal(["Simulator:Cp:Register:BootstrapTokenFromFp: is required"], CpSimulatorOptionsValidator.Validate(initiating));
        Assert.Contains(CpSimulatorOptionsValidator.Validate(vector), e => e.StartsWith("Simulator:Cp:Register: Register is plain OSCP's", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_fps_register_with_the_bootstrap_token_is_answered_204_then_replied_to_and_followed_by_a_handshake()
    {
        await using var harness = await PlainOscpHarness.StartAsync(o =>
        {
            o.Register = new() { BootstrapTokenForFp = Bootstrap };
            o.HandshakeOnStart = true;
        });

        using var answer = await RegisterAsync(harness, HttpMethod.Post, Bootstrap, Body(harness, "2.0"));
        var reply = await harness.Fp.Calls.WaitForAsync(c => c.Message == "register", SimulatorHarness.Timeout);
        var handshake = await harness.Fp.Calls.WaitForAsync(c => c.Message == "handshake", SimulatorHarness.Timeout);
        var registration = harness.Sim.GetRegistration();

        Assert.Equal(204, (int)answer.StatusCode);
        // The reply goes to the FP's base_url, with the FP's token, carrying a fresh token and the simulator's 2.0 URL.
        Assert.Equal($"Token {PlainFp.Token}", reply.Authorization);
        var token = reply.Json.GetProperty("token").GetString();
        Assert.Equal(registration.TokenForFp, token);
        Assert.Equal(43, token!.Length);
        Assert.Equal($"{harness.Sim.BaseAddress.ToString().TrimEnd('/')}/oscp/cp/2.0", reply.Json.GetProperty("version_url")[0].GetProperty("base_url").GetString());
        Assert.Equal(CpRegistrationState.Registered, registration.State);
        Assert.Equal($"Token {PlainFp.Token}", handshake.Authorization);
        // The configured InboundToken no longer counts; the issued one does; the record masks the FP's token.
        using var configured = await harness.PostAsync("heartbeat", """{"offline_mode_at":"2031-03-01T12:05:00Z"}""");
        using var issued = await harness.PostAsync("heartbeat", """{"offline_mode_at":"2031-03-01T12:05:00Z"}""", r => r.Headers.Authorization = new AuthenticationHeaderValue("Token", token));
        Assert.Equal(401, (int)configured.StatusCode);
        Assert.NotEqual(401, (int)issued.StatusCode);
        var recorded = Assert.Single(harness.Sim.Received(OscpMessageKind.Register));
        Assert.DoesNotContain(PlainFp.Token, recorded.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_the_fp_refuses_with_503_is_sent_again_until_it_is_taken()
    {
        await using var harness = await PlainOscpHarness.StartAsync(o => o.Register = new() { BootstrapTokenForFp = Bootstrap });
        // More refusals than one send's own quick retries: only sending the reply again gets it through.
        var refusals = Enumerable.Range(0, 6).Select(_ => harness.Fp.Hold("register")).ToList();

        using var answer = await RegisterAsync(harness, HttpMethod.Post, Bootstrap, Body(harness, "2.0"));
        foreach (var refusal in refusals)
        {
            await refusal.Arrived.Task.WaitAsync(SimulatorHarness.Timeout);
            refusal.Answer.SetResult(503);
        }

        await harness.Sim.WaitForRegisteredAsync(SimulatorHarness.Timeout);
        Assert.Equal(204, (int)answer.StatusCode);
        Assert.Equal([503, 503, 503, 503, 503, 503, 204], harness.Fp.Received("register").Select(c => c.Status));
    }

    [Fact]
    public async Task A_wrong_token_is_401_no_version_2_0_is_501_and_an_invalid_body_400_and_none_registers()
    {
        await using var harness = await PlainOscpHarness.StartAsync(o => o.Register = new() { BootstrapTokenForFp = Bootstrap });

        using var wrong = await RegisterAsync(harness, HttpMethod.Post, PlainOscpHarness.InboundToken, Body(harness, "2.0"));
        using var noVersion = await RegisterAsync(harness, HttpMethod.Post, Bootstrap, Body(harness, "2.1"));
        using var invalid = await RegisterAsync(harness, HttpMethod.Post, Bootstrap, """{"token":"abc","version_url":"2.0"}""");
        using var deleteWithBootstrap = await RegisterAsync(harness, HttpMethod.Delete, Bootstrap, null);

        Assert.Equal(401, (int)wrong.StatusCode);
        Assert.Equal(501, (int)noVersion.StatusCode);
        Assert.Equal(400, (int)invalid.StatusCode);
        Assert.Contains("version_url", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(403, (int)deleteWithBootstrap.StatusCode);
        Assert.Equal(CpRegistrationState.None, harness.Sim.GetRegistration().State);
        Assert.Empty(harness.Fp.Received("register"));
    }

    private static string Body(PlainOscpHarness harness, string version) =>
        $$"""{"token":"{{PlainFp.Token}}","version_url":[{"version":"{{version}}","base_url":"{{harness.Fp.BaseAddress.ToString().TrimEnd('/')}}/oscp/fp/2.0"}]}""";

    private static async Task<HttpResponseMessage> RegisterAsync(PlainOscpHarness harness, HttpMethod method, string token, string? body)
    {
        using var request = new HttpRequestMessage(method, "/oscp/cp/2.0/register");
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        request.Headers.Add("x-request-id", Guid.NewGuid().ToString());
        return await harness.Http.SendAsync(request);
    }
}
