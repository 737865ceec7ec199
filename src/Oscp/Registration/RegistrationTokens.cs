using System.Security.Cryptography;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Oscp.Registration;

/// <summary>The tokens we issue in our Register: random, unguessable, and stored only as hashes on our side.</summary>
public static class RegistrationTokens
{
    /// <summary>Random bytes in a token (256 bits).</summary>
    public const int TokenBytes = 32;

    /// <summary>Length of a generated token: base64url of <see cref="TokenBytes"/> bytes, unpadded.</summary>
    public const int TokenLength = 43;

    /// <summary>A new token: <see cref="TokenBytes"/> bytes of <see cref="RandomNumberGenerator"/>, base64url without padding.</summary>
    public static string Generate() => Base64Url.Encode(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>The stored form of a token the CP presents to us (<c>sha256:&lt;hex&gt;</c>, as <see cref="SecretHash"/>).</summary>
    public static string Hash(string token) => SecretHash.Compute(token);
}

/// <summary>Unpadded base64url (RFC 4648 §5).</summary>
internal static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Decode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }
}
