using System.Globalization;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>How a webhook's signature and timestamp checked out, each on its own so a record can tell which failed.</summary>
/// <param name="SignatureValid">The signature matches one of the configured secrets.</param>
/// <param name="TimestampFresh">The timestamp is within the tolerance of the simulator's clock.</param>
/// <param name="Problem">Why it is refused (never a secret); null when both hold.</param>
public sealed record WebhookVerification(bool SignatureValid, bool TimestampFresh, string? Problem)
{
    /// <summary>Both hold: the webhook is authentic and fresh.</summary>
    public bool Valid => SignatureValid && TimestampFresh;

    /// <summary>Checks the headers of a received webhook against every secret (rotation) and the clock.</summary>
    public static WebhookVerification Of(
        string? timestamp, string? signature, ReadOnlySpan<byte> body, IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan tolerance)
    {
        // The product's own verification, with freshness left out so the record can tell a stale webhook from a forged one.
        var signatureValid = WebhookSignature.Verify(secrets, signature, timestamp, body, now, TimeSpan.MaxValue);
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return new WebhookVerification(false, false, $"{WebhookSignature.TimestampHeader}: missing or not unix seconds");

        var skew = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        var fresh = skew.Duration() <= tolerance;
        var problem = !signatureValid ? $"{WebhookSignature.SignatureHeader}: missing, malformed or matching no configured secret"
            : !fresh ? $"{WebhookSignature.TimestampHeader}: {skew.TotalSeconds:0} s from the simulator's clock (tolerance {tolerance.TotalSeconds:0} s)"
            : null;
        return new WebhookVerification(signatureValid, fresh, problem);
    }
}
