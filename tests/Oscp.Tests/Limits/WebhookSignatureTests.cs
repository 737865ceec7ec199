using System.Security.Cryptography;
using System.Text;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

public sealed class WebhookSignatureTests
{
    private const string Secret = "correct horse battery staple 0123456789";
    private const string OldSecret = "the previous secret, still accepted 0123456789";
    private const long Timestamp = 1795694403; // 2026-11-26T12:00:03Z
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(Timestamp);
    private static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"groupId":"BUS_AUK_1","version":17}""");

    private static bool Verify(string? signature, string? timestamp, byte[]? body = null, DateTimeOffset? now = null, params string[] secrets) =>
        WebhookSignature.Verify(secrets.Length == 0 ? [Secret] : secrets, signature, timestamp, body ?? Body, now ?? SignedAt, Tolerance);

    [Fact]
    public void Header_names_are_those_of_the_contract()
    {
        Assert.Equal("X-OscpFleet-Timestamp", WebhookSignature.TimestampHeader);
        Assert.Equal("X-OscpFleet-Signature", WebhookSignature.SignatureHeader);
    }

    [Fact]
    public void Signature_is_the_lower_case_hex_HMAC_SHA256_of_timestamp_dot_body()
    {
        // Computed independently with Node: crypto.createHmac('sha256', secret).update(ts + '.' + body).digest('hex').
        Assert.Equal("sha256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fd", WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void Signature_matches_HMACSHA256_over_the_same_bytes()
    {
        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes("1795694403.").Concat(Body).ToArray());

        Assert.Equal("sha256=" + Convert.ToHexString(expected).ToLowerInvariant(), WebhookSignature.Sign(Secret, Timestamp, Body));
    }

    [Fact]
    public void The_key_is_the_UTF8_bytes_of_the_secret()
    {
        Assert.Equal(
            "sha256=37c0303e58b5d4b45118ee6b4caed76f5bfc30ff80e18e52b907be8edb17b435",
            WebhookSignature.Sign("sécret-ü-0123456789-0123456789-0123", Timestamp, Body));
    }

    [Fact]
    public void A_fresh_signature_verifies() =>
        Assert.True(Verify(WebhookSignature.Sign(Secret, Timestamp, Body), "1795694403"));

    [Fact]
    public void During_a_rotation_the_previous_secret_still_verifies()
    {
        var signedWithOld = WebhookSignature.Sign(OldSecret, Timestamp, Body);

        Assert.True(Verify(signedWithOld, "1795694403", secrets: [Secret, OldSecret]));
        Assert.False(Verify(signedWithOld, "1795694403", secrets: [Secret]));
    }

    [Fact]
    public void Without_a_usable_secret_nothing_verifies()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.False(WebhookSignature.Verify([], signature, "1795694403", Body, SignedAt, Tolerance));
        Assert.False(WebhookSignature.Verify([""], signature, "1795694403", Body, SignedAt, Tolerance));
    }

    [Fact]
    public void A_tampered_body_does_not_verify()
    {
        var tampered = Encoding.UTF8.GetBytes("""{"groupId":"BUS_AUK_1","version":18}""");

        Assert.False(Verify(WebhookSignature.Sign(Secret, Timestamp, Body), "1795694403", tampered));
    }

    [Fact]
    public void A_tampered_timestamp_does_not_verify() =>
        Assert.False(Verify(WebhookSignature.Sign(Secret, Timestamp, Body), "1795694404"));

    [Fact]
    public void A_tampered_signature_does_not_verify()
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);
        var flipped = signature[..^1] + (signature[^1] == '0' ? '1' : '0');

        Assert.False(Verify(flipped, "1795694403"));
    }

    [Theory]
    [InlineData(-300, true)]
    [InlineData(300, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Timestamps_further_than_the_tolerance_from_now_are_refused(int nowMinusSignedSeconds, bool accepted)
    {
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.Equal(accepted, Verify(signature, "1795694403", now: SignedAt.AddSeconds(nowMinusSignedSeconds)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=")]
    [InlineData("sha1=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fd")]
    [InlineData("SHA256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fd")]
    [InlineData("7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fd")]
    [InlineData("sha256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86f")]
    [InlineData("sha256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fdd")]
    [InlineData("sha256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fz")]
    [InlineData(" sha256=7617a7f02b3a91e751dd42364d610705f7e6fa5832af6afa45c74d1fdd0b86fd")]
    public void A_malformed_signature_header_is_refused(string? signature) =>
        Assert.False(Verify(signature, "1795694403"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+1795694403")]
    [InlineData(" 1795694403")]
    [InlineData("1795694403 ")]
    [InlineData("1795694403.0")]
    [InlineData("-1795694403")]
    [InlineData("1,795,694,403")]
    [InlineData("99999999999999999999")]
    [InlineData("2026-11-26T12:00:03Z")]
    public void A_malformed_timestamp_header_is_refused(string? timestamp)
    {
        // Signed over the very header text, so only the format can make it fail.
        var signature = WebhookSignature.Sign(Secret, Timestamp, Body);

        Assert.False(Verify(signature, timestamp));
    }
}
