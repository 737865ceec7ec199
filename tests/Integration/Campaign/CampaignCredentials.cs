using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace OscpFleet.Integration.Campaign;

/// <summary>Who a credential makes the caller: nobody, a capacity provider (peer), an operator tool or a CSMS.</summary>
public enum CallerKind
{
    /// <summary>No credentials, or credentials that must not authenticate (garbage, forged, expired).</summary>
    Nobody,
    /// <summary>A configured peer's own credential.</summary>
    Peer,
    /// <summary>An operator client's token.</summary>
    Operator,
    /// <summary>A CSMS client's token.</summary>
    Csms,
}

/// <summary>One column of the authorization matrix.</summary>
public sealed record CampaignCredential(string Name, CallerKind Kind, AuthenticationHeaderValue? Header)
{
    /// <summary>Never print a token in a failure message.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// Every credential the matrix tries: none, garbage in both schemes, JWTs that carry every scope but must fail
/// (unknown kid, known kid with another key, expired, wrong audience, wrong issuer, unsigned), each peer's real
/// credential, the operator's token and each CSMS client's token.
/// </summary>
public static class CampaignCredentials
{
    private const string EveryScope = "operator csms oscp:" + Testing.CampaignCluster.VectorPeerId;

    /// <summary>Builds the set against the running fixture (real tokens come from its <c>/oauth/token</c>).</summary>
    public static async Task<IReadOnlyList<CampaignCredential>> CreateAsync(CampaignFixture fleet)
    {
        var now = fleet.Clock.GetUtcNow();
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ours = ECDsa.Create();
        ours.ImportFromPem(fleet.SigningKeyPem);
        var oursKey = new ECDsaSecurityKey(ours) { KeyId = Testing.CampaignCluster.SigningKid };
        var credentials = new List<CampaignCredential>
        {
            new("none", CallerKind.Nobody, null),
            new("garbage bearer", CallerKind.Nobody, new("Bearer", "not-a-token")),
            new("garbage Token", CallerKind.Nobody, new("Token", "not-a-token-but-long-enough-0123456789")),
            new("Basic with the operator's secret", CallerKind.Nobody, new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Testing.CampaignCluster.OperatorClient}:{fleet.OperatorSecret}")))),
            new("unknown signing key", CallerKind.Nobody, Bearer(Jwt(new ECDsaSecurityKey(stranger) { KeyId = "stranger" }, now, now.AddHours(1)))),
            new("forged with our kid", CallerKind.Nobody, Bearer(Jwt(new ECDsaSecurityKey(stranger) { KeyId = Testing.CampaignCluster.SigningKid }, now, now.AddHours(1)))),
            new("expired", CallerKind.Nobody, Bearer(Jwt(oursKey, now.AddHours(-2), now.AddHours(-1)))),
            new("wrong audience", CallerKind.Nobody, Bearer(Jwt(oursKey, now, now.AddHours(1), audience: "someone-else"))),
            new("wrong issuer", CallerKind.Nobody, Bearer(Jwt(oursKey, now, now.AddHours(1), issuer: "https://attacker.test"))),
            new("unsigned", CallerKind.Nobody, Bearer(Unsigned(now))),
            new("peer plain_cp (Token)", CallerKind.Peer, new("Token", fleet.CpToken)),
            new("peer vector_test (Bearer)", CallerKind.Peer, Bearer(await fleet.TokenAsync(Testing.CampaignCluster.VectorInboundClient, fleet.VectorInboundSecret))),
            new("operator", CallerKind.Operator, Bearer(await fleet.TokenAsync(Testing.CampaignCluster.OperatorClient, fleet.OperatorSecret))),
        };
        for (var i = 0; i < Testing.CampaignCluster.CsmsClients.Count; i++)
        {
            var client = Testing.CampaignCluster.CsmsClients[i];
            credentials.Add(new($"csms client {client}", CallerKind.Csms, Bearer(await fleet.TokenAsync(client, fleet.CsmsSecrets[i]))));
        }
        return credentials;
    }

    private static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    private static string Jwt(SecurityKey key, DateTimeOffset issuedAt, DateTimeOffset expires,
        string issuer = Testing.CampaignCluster.Issuer, string audience = Testing.CampaignCluster.Audience) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt.UtcDateTime,
            NotBefore = issuedAt.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            Claims = new Dictionary<string, object> { ["sub"] = "intruder", ["client_id"] = "intruder", ["scope"] = EveryScope },
        });

    // alg "none": a token that carries every scope and no signature at all.
    private static string Unsigned(DateTimeOffset now)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(json);
        var header = Part("""{"alg":"none","typ":"at+jwt","kid":"campaign-key"}""");
        var payload = Part($$"""{"iss":"{{Testing.CampaignCluster.Issuer}}","aud":"{{Testing.CampaignCluster.Audience}}","client_id":"intruder","scope":"{{EveryScope}}","iat":{{now.ToUnixTimeSeconds()}},"exp":{{now.AddHours(1).ToUnixTimeSeconds()}}}""");
        return $"{header}.{payload}.";
    }
}
