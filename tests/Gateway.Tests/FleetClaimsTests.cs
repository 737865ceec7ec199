using System.Security.Claims;
using OscpFleet.Gateway.Auth;

namespace OscpFleet.Gateway.Tests;

public sealed class FleetClaimsTests
{
    private static ClaimsPrincipal User(bool authenticated, params Claim[] claims) =>
        new(new ClaimsIdentity(claims, authenticated ? "test" : null));

    [Fact]
    public void GetPeerId_reads_the_one_peer_scope_among_space_separated_scopes()
    {
        var user = User(true, new Claim(FleetClaims.Scope, "operator oscp:vector_test"), new Claim(FleetClaims.ClientId, "vector"));

        Assert.Equal("vector_test", user.GetPeerId());
        Assert.Equal("vector", user.GetClientId());
    }

    [Fact]
    public void GetPeerId_is_null_for_several_peer_scopes_none_or_an_unauthenticated_principal()
    {
        Assert.Null(User(true, new Claim(FleetClaims.Scope, "oscp:a oscp:b")).GetPeerId());
        Assert.Null(User(true, new Claim(FleetClaims.Scope, "operator csms")).GetPeerId());
        Assert.Null(User(true, new Claim(FleetClaims.Scope, "oscp:")).GetPeerId());
        Assert.Null(User(false, new Claim(FleetClaims.Scope, "oscp:vector_test")).GetPeerId());
        Assert.Null(User(false, new Claim(FleetClaims.ClientId, "vector")).GetClientId());
    }

    [Fact]
    public void Scopes_are_read_from_every_scope_claim_and_compared_exactly()
    {
        var user = User(true, new Claim(FleetClaims.Scope, "csms"), new Claim(FleetClaims.Scope, "operator"));

        Assert.True(user.HasScope("operator"));
        Assert.True(user.HasScope("csms"));
        Assert.False(user.HasScope("Operator"));
        Assert.False(user.HasScope("oper"));
    }

    [Fact]
    public void A_bootstrap_scope_names_its_peer_for_register_only_never_as_a_peer_scope()
    {
        var bootstrap = User(true, new Claim(FleetClaims.Scope, FleetClaims.BootstrapScopePrefix + "dno"));

        Assert.Equal("dno", bootstrap.GetBootstrapPeerId());
        // Every OSCP endpoint but register reads GetPeerId: a bootstrap token identifies no peer there.
        Assert.Null(bootstrap.GetPeerId());
        Assert.Null(User(true, new Claim(FleetClaims.Scope, "oscp:dno")).GetBootstrapPeerId());
        Assert.Null(User(false, new Claim(FleetClaims.Scope, "oscp-register:dno")).GetBootstrapPeerId());
    }
}
