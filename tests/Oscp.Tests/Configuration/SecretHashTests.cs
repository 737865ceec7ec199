using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Oscp.Tests.Configuration;

public sealed class SecretHashTests
{
    [Fact]
    public void Hash_is_sha256_of_the_utf8_secret_in_lower_case_hex()
    {
        // echo -n "abc" | sha256sum
        Assert.Equal("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", SecretHash.Compute("abc"));
        Assert.True(SecretHash.IsWellFormed(SecretHash.Compute("abc")));
    }

    [Fact]
    public void Matches_any_of_several_hashes_during_rotation()
    {
        var hashes = new[] { SecretHash.Compute("old-secret"), SecretHash.Compute("new-secret") };

        Assert.True(SecretHash.Matches("new-secret", hashes));
        Assert.True(SecretHash.Matches("old-secret", hashes));
        Assert.False(SecretHash.Matches("other-secret", hashes));
        Assert.False(SecretHash.Matches("new-secret", []));
    }
}
