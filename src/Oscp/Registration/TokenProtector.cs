using System.Security.Cryptography;
using System.Text;

namespace OscpFleet.Oscp.Registration;

/// <summary>
/// Encrypts the tokens we use with a CP for storage (AES-256-GCM): <c>v1.&lt;key id&gt;.&lt;nonce|ciphertext|tag&gt;</c>,
/// base64url. The first key encrypts; every key decrypts, found by its id (the first 4 bytes of its SHA-256), so keys
/// rotate by putting a new one first and keeping the old ones until the stored tokens were rewritten.
/// </summary>
public sealed class TokenProtector
{
    /// <summary>Bytes of a key (AES-256).</summary>
    public const int KeyBytes = 32;

    private const string Version = "v1";
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly (string Id, byte[] Key)[] _keys;

    /// <summary>Uses <paramref name="keys"/>, the current one first.</summary>
    /// <exception cref="ArgumentException">No key, or a key that is not 32 bytes.</exception>
    public TokenProtector(IEnumerable<byte[]> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = [.. keys.Select(k => k.Length == KeyBytes ? (IdOf(k), k) : throw new ArgumentException($"an encryption key must be {KeyBytes} bytes", nameof(keys)))];
        if (_keys.Length == 0) throw new ArgumentException("at least one encryption key is required", nameof(keys));
    }

    /// <summary>Builds a protector from configured keys (base64 of 32 bytes each, current first).</summary>
    /// <exception cref="ArgumentException">A key is not base64 of 32 bytes; the message names its index, never its value.</exception>
    public static TokenProtector FromBase64(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return new TokenProtector(keys.Select((k, i) => TryParseKey(k) ?? throw new ArgumentException($"encryption key {i} must be base64 of {KeyBytes} bytes", nameof(keys))));
    }

    /// <summary>The key in <paramref name="base64"/>, or null when it is not base64 of exactly 32 bytes.</summary>
    public static byte[]? TryParseKey(string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64)) return null;
        var buffer = new byte[KeyBytes + 3];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes ? buffer[..KeyBytes] : null;
    }

    /// <summary>Encrypts <paramref name="token"/> with the current key and a fresh random nonce.</summary>
    public string Protect(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var (id, key) = _keys[0];
        var plain = Encoding.UTF8.GetBytes(token);
        var sealedBytes = new byte[NonceBytes + plain.Length + TagBytes];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plain, sealedBytes.AsSpan(NonceBytes, plain.Length), sealedBytes.AsSpan(NonceBytes + plain.Length), Associated(id));
        return $"{Version}.{id}.{Base64Url.Encode(sealedBytes)}";
    }

    /// <summary>True when <paramref name="protectedToken"/> was encrypted with a key other than the current one (rewrite it).</summary>
    public bool NeedsRewrite(string protectedToken) =>
        protectedToken.Split('.') is [_, var id, _] && id != _keys[0].Id;

    /// <summary>Decrypts what <see cref="Protect"/> made with any configured key.</summary>
    /// <exception cref="CryptographicException">Malformed, tampered with, or made with a key no longer configured.</exception>
    public string Unprotect(string protectedToken)
    {
        ArgumentNullException.ThrowIfNull(protectedToken);
        if (protectedToken.Split('.') is not [Version, var id, var payload])
            throw new CryptographicException("not a protected token");
        var key = _keys.FirstOrDefault(k => k.Id == id).Key
            ?? throw new CryptographicException("the token was encrypted with a key that is not configured (Oscp:Registration:EncryptionKeys)");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.Decode(payload);
        }
        catch (FormatException e)
        {
            throw new CryptographicException("not a protected token", e);
        }
        if (sealedBytes.Length < NonceBytes + TagBytes) throw new CryptographicException("not a protected token");
        var length = sealedBytes.Length - NonceBytes - TagBytes;
        var plain = new byte[length];
        using var aes = new AesGcm(key, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes, length), sealedBytes.AsSpan(NonceBytes + length), plain, Associated(id));
        return Encoding.UTF8.GetString(plain);
    }

    private static string IdOf(byte[] key) => Base64Url.Encode(SHA256.HashData(key).AsSpan(0, 4));

    private static byte[] Associated(string id) => Encoding.ASCII.GetBytes($"{Version}.{id}");
}
