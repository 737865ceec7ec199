using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Signs and verifies limit webhooks (docs/protocol.md, "Limit versions"; format in docs/endpoints.md,
/// "Limit webhook"):
/// <c>X-OscpFleet-Signature: sha256=&lt;lower-case hex HMAC-SHA256 of "&lt;timestamp&gt;.&lt;body&gt;"&gt;</c>
/// keyed with the UTF-8 bytes of the secret, next to <c>X-OscpFleet-Timestamp: &lt;unix seconds&gt;</c>.
/// The timestamp is signed too, so a captured request cannot be replayed once it is stale.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header carrying the signing time in unix seconds.</summary>
    public const string TimestampHeader = "X-OscpFleet-Timestamp";

    /// <summary>The header carrying the signature.</summary>
    public const string SignatureHeader = "X-OscpFleet-Signature";

    private const string Scheme = "sha256=";
    private const int HexLength = 64;

    // Up to year 9999 in unix seconds: 12 digits; longer text cannot be a valid time.
    private const int MaxTimestampDigits = 12;

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The <see cref="SignatureHeader"/> value for <paramref name="body"/> signed at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentOutOfRangeException.ThrowIfNegative(timestamp);
        var mac = Mac(Encoding.UTF8.GetBytes(secret), timestamp.ToString(CultureInfo.InvariantCulture), body);
        return Scheme + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// True when <paramref name="signatureHeader"/> is a valid signature of <paramref name="body"/>
    /// at <paramref name="timestampHeader"/> under any of <paramref name="secrets"/> (during a
    /// rotation the old and the new secret both verify), and the timestamp lies within
    /// <paramref name="tolerance"/> of <paramref name="now"/> in either direction. False for a
    /// missing or malformed header (the timestamp must be plain decimal digits; the signature
    /// <c>sha256=</c> and 64 hex digits). Signatures are compared in constant time.
    /// </summary>
    public static bool Verify(
        IEnumerable<string> secrets,
        string? signatureHeader,
        string? timestampHeader,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentOutOfRangeException.ThrowIfLessThan(tolerance, TimeSpan.Zero);
        if (!TryParseTimestamp(timestampHeader, out var signedAt)
            || (now - signedAt).Duration() > tolerance
            || !TryParseSignature(signatureHeader, out var presented))
        {
            return false;
        }

        var valid = false;
        foreach (var secret in secrets)
        {
            if (string.IsNullOrEmpty(secret))
            {
                continue;
            }

            // Sign with the header's own text: that is what the sender signed. Every secret is tried
            // (no early exit), so the time taken does not tell which one matched.
            var expected = Mac(Encoding.UTF8.GetBytes(secret), timestampHeader!, body);
            valid |= CryptographicOperations.FixedTimeEquals(expected, presented);
        }

        return valid;
    }

    private static byte[] Mac(byte[] key, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp + "."));
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParseTimestamp(string? text, out DateTimeOffset signedAt)
    {
        signedAt = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTimestampDigits || !text.All(char.IsAsciiDigit))
        {
            return false;
        }

        var seconds = long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }

    private static bool TryParseSignature(string? text, out byte[] mac)
    {
        mac = [];
        if (text is null
            || text.Length != Scheme.Length + HexLength
            || !text.StartsWith(Scheme, StringComparison.Ordinal)
            || text.AsSpan(Scheme.Length).ContainsAnyExcept(HexDigits))
        {
            return false;
        }

        mac = Convert.FromHexString(text.AsSpan(Scheme.Length));
        return true;
    }
}
