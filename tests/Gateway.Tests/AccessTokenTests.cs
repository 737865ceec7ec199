using System.Net;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using OscpFleet.Gateway.Auth;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

public sealed class AccessTokenTests
{
    [Fact]
    public async Task An_access_token_is_an_es256_jwt_naming_its_key_issuer_audience_client_and_scope()
    {
        var key = TestSigningKey.Create("k2031a");
        await using var host = await AuthTestHost.StartAsync(new() { SigningKeys = [key, TestSigningKey.Create("k2030z")] });

        var jwt = new JsonWebToken(await host.GetAccessTokenAsync(VectorClientId, VectorSecret));

        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("k2031a", jwt.Kid);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal(Issuer, jwt.Issuer);
        Assert.Equal([Audience], jwt.Audiences);
        Assert.Equal(VectorClientId, jwt.GetClaim("client_id").Value);
        Assert.Equal("oscp:vector_test", jwt.GetClaim("scope").Value);
        Assert.False(string.IsNullOrEmpty(jwt.Id), "jti");
        // Times come from the product clock, not the machine's.
        Assert.Equal(AuthTestHost.Start.UtcDateTime, jwt.IssuedAt);
        Assert.Equal(AuthTestHost.Start.UtcDateTime, jwt.ValidFrom);
        Assert.Equal(AuthTestHost.Start.UtcDateTime.AddSeconds(LifetimeSeconds), jwt.ValidTo);
    }

    [Fact]
    public async Task Every_token_has_its_own_jti()
    {
        await using var host = await AuthTestHost.StartAsync();

        var first = new JsonWebToken(await host.GetAccessTokenAsync(CsmsClient, CsmsSecret));
        var second = new JsonWebToken(await host.GetAccessTokenAsync(CsmsClient, CsmsSecret));

        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task A_token_signed_with_an_older_configured_key_still_validates_after_a_rotation()
    {
        var older = TestSigningKey.Create("k-old");
        var current = TestSigningKey.Create("k-new");
        await using var beforeRotation = await AuthTestHost.StartAsync(new() { SigningKeys = [older] });
        await using var afterRotation = await AuthTestHost.StartAsync(new() { SigningKeys = [current, older] });

        var oldToken = await beforeRotation.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var response = await afterRotation.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(oldToken));
        var newToken = new JsonWebToken(await afterRotation.GetAccessTokenAsync(OperatorClient, OperatorSecret));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OperatorClient, await response.Content.ReadAsStringAsync());
        Assert.Equal("k-new", newToken.Kid);
    }

    [Fact]
    public async Task A_token_signed_by_a_key_that_is_not_configured_is_rejected()
    {
        await using var rogue = await AuthTestHost.StartAsync(new() { SigningKeys = [TestSigningKey.Create("k-rogue")] });
        await using var host = await AuthTestHost.StartAsync();

        var token = await rogue.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var response = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
    }

    [Fact]
    public async Task A_token_signed_by_another_key_under_a_configured_kid_is_rejected()
    {
        await using var impostor = await AuthTestHost.StartAsync(new() { SigningKeys = [TestSigningKey.Create("k1")] });
        await using var host = await AuthTestHost.StartAsync(new() { SigningKeys = [TestSigningKey.Create("k1")] });

        var token = await impostor.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var response = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_of_another_issuer_is_rejected_even_with_a_shared_key()
    {
        var key = TestSigningKey.Create("k1");
        await using var other = await AuthTestHost.StartAsync(new() { SigningKeys = [key], Issuer = "https://elsewhere.test" });
        await using var host = await AuthTestHost.StartAsync(new() { SigningKeys = [key] });

        var token = await other.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var response = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_token_is_rejected()
    {
        await using var host = await AuthTestHost.StartAsync();
        var parts = (await host.GetAccessTokenAsync(CsmsClient, CsmsSecret)).Split('.');
        var forged = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"csms\"", "\"operator\"", StringComparison.Ordinal));

        using var response = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer($"{parts[0]}.{forged}.{parts[2]}"));

        Assert.NotEqual(parts[1], forged);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_expires_on_the_product_clock_after_its_lifetime_and_the_clock_skew()
    {
        await using var host = await AuthTestHost.StartAsync();
        var token = await host.GetAccessTokenAsync(OperatorClient, OperatorSecret);

        host.Clock.Advance(TimeSpan.FromSeconds(LifetimeSeconds - 1));
        using var beforeExpiry = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));
        // The 30 s skew tolerated between replicas, and one second more.
        host.Clock.Advance(TimeSpan.FromSeconds(1 + 30 + 1));
        using var afterExpiry = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.OK, beforeExpiry.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterExpiry.StatusCode);
        var challenge = Assert.Single(afterExpiry.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("invalid_token", challenge.Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_token_is_checked_in_full_once_and_a_forged_copy_of_it_is_still_rejected_afterwards()
    {
        await using var host = await AuthTestHost.StartAsync();
        var handler = Assert.Single(host.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(FleetSchemes.Bearer).TokenHandlers.OfType<CachingTokenHandler>());
        var token = await host.GetAccessTokenAsync(CsmsClient, CsmsSecret);
        var parts = token.Split('.');
        var forged = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("\"csms\"", "\"operator\"", StringComparison.Ordinal));

        using var first = await host.GetAsync(AuthTestHost.CsmsPath, AuthTestHost.Bearer(token));
        var rememberedAfterFirst = handler.Remembered;
        using var second = await host.GetAsync(AuthTestHost.CsmsPath, AuthTestHost.Bearer(token));
        using var forgedCopy = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer($"{parts[0]}.{forged}.{parts[2]}"));
        using var forbidden = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(1, rememberedAfterFirst);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        // The second use and the forbidden one were answered from memory; the forged copy was checked in full.
        Assert.Equal(2, handler.Hits);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, forgedCopy.StatusCode);
        // The remembered token still carries only its own scope.
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(1, handler.Remembered);
    }
}
