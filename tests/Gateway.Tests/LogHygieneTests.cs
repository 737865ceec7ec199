using System.Net.Http.Headers;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

public sealed class LogHygieneTests
{
    [Fact]
    public async Task No_secret_token_or_authorization_header_reaches_the_log_at_any_level()
    {
        await using var host = await AuthTestHost.StartAsync();
        var basic = AuthTestHost.Basic(VectorClientId, VectorSecret);
        var wrongBasic = AuthTestHost.Basic(OperatorClient, ToolsSecret);
        var grant = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };

        var token = await host.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var byBasic = await host.RequestTokenAsync(grant, basic);
        using var wrong = await host.RequestTokenAsync(grant, wrongBasic);
        using var unknown = await host.RequestTokenAsync(new Dictionary<string, string>(grant) { ["client_id"] = CsmsSecret, ["client_secret"] = CsmsSecret });
        using var used = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));
        using var oscp = await host.GetAsync(AuthTestHost.PeerPath, new AuthenticationHeaderValue("Token", OscpPeerToken));
        using var wrongOscp = await host.GetAsync(AuthTestHost.PeerPath, new AuthenticationHeaderValue("Token", ToolsSecret));
        host.Clock.Advance(TimeSpan.FromHours(1));
        using var expired = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        var log = string.Join('\n', host.Logs.Lines);
        Assert.Contains("Issued an access token to ops_console", log, StringComparison.Ordinal);
        Assert.Contains("Refused a token request: invalid_client", log, StringComparison.Ordinal);
        Assert.Contains("Rejected a bearer token: expired", log, StringComparison.Ordinal);
        string[] secrets = [.. AllSecrets, token, token.Split('.')[2], basic.Parameter!, wrongBasic.Parameter!];
        foreach (var secret in secrets)
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"the log holds a secret or token ({secret.Length} characters)");
    }
}
