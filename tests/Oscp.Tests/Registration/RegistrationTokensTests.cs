using System.Security.Cryptography;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Registration;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Registration;

public sealed class RegistrationTokensTests
{
    [Fact]
    public void A_token_is_43_base64url_characters_of_256_random_bits_and_never_repeats()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => RegistrationTokens.Generate()).ToList();

        Assert.All(tokens, t => Assert.Equal(RegistrationTokens.TokenLength, t.Length));
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.Equal(tokens.Count, tokens.Distinct(StringComparer.Ordinal).Count());
        // 200 × 43 characters over a 64-symbol alphabet: every symbol shows up unless the source is not random.
        Assert.Equal(64, tokens.SelectMany(t => t).Distinct().Count());
        Assert.True(RegistrationTokens.Generate().Length >= SecretHash.MinimumSecretLength);
    }

    [Fact]
    public void The_stored_hash_is_the_configured_sha256_form_and_matches_only_its_token()
    {
        var token = RegistrationTokens.Generate();
        var hash = RegistrationTokens.Hash(token);

        Assert.True(SecretHash.IsWellFormed(hash));
        Assert.True(SecretHash.Matches(token, [hash]));
        Assert.False(SecretHash.Matches(token[..^1] + (token[^1] == 'A' ? 'B' : 'A'), [hash]));
        Assert.DoesNotContain(token, hash, StringComparison.Ordinal);
    }
}

public sealed class TokenProtectorTests
{
    private static readonly byte[] KeyA = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] KeyB = RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void A_protected_token_round_trips_and_does_not_contain_the_token()
    {
        var protector = new TokenProtector([KeyA]);
        var token = RegistrationTokens.Generate();

        var stored = protector.Protect(token);

        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);
        Assert.StartsWith("v1.", stored, StringComparison.Ordinal);
        Assert.Equal(token, protector.Unprotect(stored));
        // A fresh nonce each time: the same token never encrypts to the same text.
        Assert.NotEqual(stored, protector.Protect(token));
    }

    [Fact]
    public void After_a_key_rotation_old_tokens_still_decrypt_and_new_ones_use_the_new_key()
    {
        var before = new TokenProtector([KeyA]);
        var after = new TokenProtector([KeyB, KeyA]);
        var old = before.Protect("the-cp-token-of-last-year-0123456789");

        Assert.Equal("the-cp-token-of-last-year-0123456789", after.Unprotect(old));
        Assert.True(after.NeedsRewrite(old));
        var rewritten = after.Protect(after.Unprotect(old));
        Assert.False(after.NeedsRewrite(rewritten));
        // Retiring the old key afterwards: the rewritten token still decrypts.
        Assert.Equal("the-cp-token-of-last-year-0123456789", new TokenProtector([KeyB]).Unprotect(rewritten));
    }

    [Fact]
    public void A_wrong_key_or_a_tampered_text_is_refused()
    {
        var stored = new TokenProtector([KeyA]).Protect("secret-token-secret-token-secret-token");
        var parts = stored.Split('.');
        var flipped = parts[2][..^2] + (parts[2][^2] == 'A' ? "B" : "A") + parts[2][^1];

        Assert.Throws<CryptographicException>(() => new TokenProtector([KeyB]).Unprotect(stored));
        Assert.ThrowsAny<CryptographicException>(() => new TokenProtector([KeyA]).Unprotect($"{parts[0]}.{parts[1]}.{flipped}"));
        // A forged key id pointing at the right key does not help: the id is authenticated too.
        Assert.ThrowsAny<CryptographicException>(() => new TokenProtector([KeyA]).Unprotect("v1.AAAAAA." + parts[2]));
        Assert.ThrowsAny<CryptographicException>(() => new TokenProtector([KeyA]).Unprotect("not-protected"));
    }

    [Fact]
    public void Configured_keys_must_be_base64_of_32_bytes()
    {
        Assert.NotNull(TokenProtector.TryParseKey(Convert.ToBase64String(KeyA)));
        Assert.Null(TokenProtector.TryParseKey(Convert.ToBase64String(new byte[16])));
        Assert.Null(TokenProtector.TryParseKey(Convert.ToBase64String(new byte[33])));
        Assert.Null(TokenProtector.TryParseKey("not base64!"));
        Assert.Null(TokenProtector.TryParseKey(null));
        var error = Assert.Throws<ArgumentException>(() => TokenProtector.FromBase64([Convert.ToBase64String(KeyA), "short"]));
        Assert.Contains("encryption key 1", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new TokenProtector([]));
    }
}

public sealed class RegisterVersionsTests
{
    [Fact]
    public void Version_2_0_is_chosen_among_others()
    {
        var chosen = RegisterVersions.Choose([new VersionUrl("1.0", "https://cp.example/oscp/1.0"), new VersionUrl("2.0", "https://cp.example/oscp/cp/2.0")]);

        Assert.Equal("https://cp.example/oscp/cp/2.0", chosen?.BaseUrl);
        Assert.Equal(new Uri("https://cp.example/oscp/cp/2.0"), RegisterVersions.TryBaseUrl(chosen!));
    }

    [Fact]
    public void No_2_0_means_no_common_version()
    {
        Assert.Null(RegisterVersions.Choose([new VersionUrl("1.0", "https://cp.example/1.0"), new VersionUrl("2.1", "https://cp.example/2.1")]));
        Assert.Null(RegisterVersions.Choose([]));
    }

    [Theory]
    [InlineData("ftp://cp.example/2.0")]
    [InlineData("/oscp/cp/2.0")]
    [InlineData("https://cp.example/2.0?x=1")]
    public void A_base_url_must_be_absolute_http_without_query(string url) =>
        Assert.Null(RegisterVersions.TryBaseUrl(new VersionUrl("2.0", url)));

    [Fact]
    public void Our_register_carries_the_token_and_our_2_0_base_url()
    {
        var ours = RegisterVersions.Ours("t0ken", "https://fleet.example.com/", "/oscp/fp/2.0");

        Assert.Equal("t0ken", ours.Token);
        Assert.Equal([new VersionUrl("2.0", "https://fleet.example.com/oscp/fp/2.0")], ours.VersionUrl);
    }
}
