using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OscpFleet.Testing;

/// <summary>
/// A stand-in for a CPO's OpenID Connect provider on a loopback port: it publishes its discovery document and signing
/// key (RS256) and mints tokens as that provider would, so the gateway's second bearer scheme is tested against the
/// real discovery and key retrieval.
/// </summary>
public sealed class TestOidcAuthority : IAsyncDisposable
{
    private readonly RSA key = RSA.Create(2048);
    private readonly RSA otherKey = RSA.Create(2048);
    private WebApplication? app;

    /// <summary>A free port is taken now so the gateway's configuration can name the authority before it starts.</summary>
    public TestOidcAuthority() => Authority = $"http://127.0.0.1:{FreePort.Next()}";

    /// <summary>The issuer URL.</summary>
    public string Authority { get; }

    /// <summary>The audience the gateway is configured for.</summary>
    public const string Audience = "oscpfleet-console";

    /// <summary>The role that makes an operator (the gateway's default <c>Gateway:Oidc:OperatorRole</c>).</summary>
    public const string OperatorRole = "oscpfleet-operator";

    /// <summary>Starts serving discovery and keys.</summary>
    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Authority);
        app = builder.Build();
        app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["jwks_uri"] = $"{Authority}/keys",
            ["authorization_endpoint"] = $"{Authority}/authorize",
            ["token_endpoint"] = $"{Authority}/token",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
        }));
        app.MapGet("/keys", () =>
        {
            var parameters = key.ExportParameters(false);
            return Results.Json(new
            {
                keys = new[]
                {
                    new Dictionary<string, string>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "test-oidc",
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    },
                },
            });
        });
        await app.StartAsync();
    }

    /// <summary>
    /// A token for <paramref name="user"/> with <paramref name="roles"/>, valid from <paramref name="now"/> for an hour;
    /// <paramref name="extra"/> adds claims; <paramref name="foreignKey"/> signs with a key the provider never published.
    /// </summary>
    public string Issue(DateTimeOffset now, string user, string[] roles, string audience = Audience, bool foreignKey = false, IDictionary<string, object>? extra = null)
    {
        var claims = new Dictionary<string, object> { ["sub"] = $"sub-{user}", ["preferred_username"] = user, ["roles"] = roles };
        foreach (var (name, value) in extra ?? new Dictionary<string, object>()) claims[name] = value;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Authority,
            Audience = audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.UtcDateTime.AddHours(1),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(foreignKey ? otherKey : key) { KeyId = "test-oidc" }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (app is not null) await app.DisposeAsync();
        key.Dispose();
        otherKey.Dispose();
    }
}
