using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// The configured ES256 keys (<c>Oscp:Tokens:SigningKeys</c>): the first signs, all validate, so a key can be rotated
/// by putting the new one first and dropping the old one once its tokens have expired. Every replica with the same
/// configuration accepts every replica's tokens.
/// </summary>
internal sealed class SigningKeyRing : IDisposable
{
    private readonly List<ECDsa> algorithms = [];
    private readonly List<SecurityKey> keys = [];

    public SigningKeyRing(IOptions<OscpOptions> options)
    {
        foreach (var configured in options.Value.Tokens.SigningKeys)
        {
            // ConfigurationValidator has checked each PEM at start-up; a broken one here is a programming error.
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(configured.PrivateKeyPem);
            algorithms.Add(ecdsa);
            keys.Add(new ECDsaSecurityKey(ecdsa) { KeyId = configured.Kid });
        }
    }

    /// <summary>Every configured key, for validation.</summary>
    public IReadOnlyList<SecurityKey> ValidationKeys => keys;

    /// <summary>The current (first) key as ES256 signing credentials.</summary>
    public SigningCredentials Current => keys.Count > 0
        ? new SigningCredentials(keys[0], SecurityAlgorithms.EcdsaSha256)
        : throw new InvalidOperationException("Oscp:Tokens:SigningKeys: no signing key is configured");

    public void Dispose()
    {
        foreach (var algorithm in algorithms) algorithm.Dispose();
    }
}
