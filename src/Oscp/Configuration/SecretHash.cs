using System.Security.Cryptography;
using System.Text;

namespace OscpFleet.Oscp.Configuration;

/// <summary>
/// Secrets are configured as <c>sha256:&lt;lower-case hex&gt;</c>. Secrets are random and at least
/// 32 characters, so a fast hash is enough; comparison is constant-time.
/// </summary>
public static class SecretHash
{
    private const string Prefix = "sha256:";

    /// <summary>Shortest secret we accept or generate.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>The configured form of a secret's hash.</summary>
    public static string Compute(string secret) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>True when <paramref name="hash"/> is well-formed (<c>sha256:</c> and 64 lower-case hex digits).</summary>
    public static bool IsWellFormed(string? hash) =>
        hash is { Length: 71 } && hash.StartsWith(Prefix, StringComparison.Ordinal)
        && hash.AsSpan(Prefix.Length).ContainsAnyExcept("0123456789abcdef") is false;

    /// <summary>True when <paramref name="secret"/> hashes to one of <paramref name="hashes"/>; every hash is compared, in constant time.</summary>
    public static bool Matches(string secret, IEnumerable<string> hashes)
    {
        var candidate = Encoding.ASCII.GetBytes(Compute(secret));
        var match = false;
        foreach (var hash in hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, Encoding.ASCII.GetBytes(hash));
        }
        return match;
    }
}
