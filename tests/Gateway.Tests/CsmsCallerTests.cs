using System.Security.Claims;
using OscpFleet.Gateway.Auth;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Tests;

public sealed class CsmsCallerTests
{
    private static readonly OscpOptions Options = new()
    {
        Clients =
        {
            ["csms_main"] = new() { Scopes = ["csms"], Csms = "main" },
            ["csms_all"] = new() { Scopes = ["csms"], Csms = "*" },
            ["csms_unbound"] = new() { Scopes = ["csms"] },
            ["tools"] = new() { Scopes = ["operator", "csms"] },
        },
    };

    private static ClaimsPrincipal Token(string clientId, string scope) =>
        new(new ClaimsIdentity([new Claim(FleetClaims.ClientId, clientId), new Claim(FleetClaims.Scope, scope)], "test"));

    [Fact]
    public void A_bound_csms_client_acts_only_for_its_csms()
    {
        Assert.Equal(new CsmsCaller(true, "main", "csms_main"), CsmsCaller.Of(Token("csms_main", "csms"), Options));
    }

    [Fact]
    public void Operators_and_star_clients_act_on_every_site()
    {
        Assert.Equal(new CsmsCaller(true, null, "ops"), CsmsCaller.Of(Token("ops", "operator"), Options));
        Assert.Equal(new CsmsCaller(true, null, "csms_all"), CsmsCaller.Of(Token("csms_all", "csms"), Options));
        // A client holding the operator scope that asked for a csms-only token could have had every site anyway.
        Assert.Equal(new CsmsCaller(true, null, "tools"), CsmsCaller.Of(Token("tools", "csms"), Options));
    }

    [Fact]
    public void A_csms_client_without_a_binding_or_no_longer_configured_acts_on_no_site()
    {
        Assert.False(CsmsCaller.Of(Token("csms_unbound", "csms"), Options).Allowed);
        Assert.False(CsmsCaller.Of(Token("csms_removed", "csms"), Options).Allowed);
        Assert.False(CsmsCaller.Of(new ClaimsPrincipal(new ClaimsIdentity()), Options).Allowed);
    }
}
