using System.Security.Cryptography;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Tests.Configuration;

public sealed class RegistrationConfigurationTests
{
    private static readonly string Hash = SecretHash.Compute(new string('b', 40));
    private static readonly string Key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private static OscpOptions Registering(Action<PeerOptions>? change = null)
    {
        var peer = new PeerOptions
        {
            Profile = PeerProfile.Oscp,
            BaseUrl = "https://dno.example.com",
            Register = new() { Initiate = true, BootstrapToken = "bootstrap-token-from-the-dno-0123456789" },
            Inbound = new() { BootstrapTokenHashes = [Hash] },
        };
        change?.Invoke(peer);
        return new OscpOptions
        {
            Peers = { ["dno"] = peer },
            PublicBaseUrl = "https://fleet.example.com",
            Registration = new() { EncryptionKeys = [Key] },
        };
    }

    private static IReadOnlyList<string> Both(OscpOptions options) =>
        ConfigurationValidator.Validate(options, ConfigurationScope.Inbound | ConfigurationScope.Outbound);

    [Fact]
    public void A_registering_oscp_peer_needs_neither_a_configured_token_nor_token_hashes() => Assert.Empty(Both(Registering()));

    [Fact]
    public void Initiating_needs_the_bootstrap_token_in_the_silo()
    {
        var options = Registering(p => p.Register.BootstrapToken = null);

        Assert.Equal(["Oscp:Peers:dno:Register:BootstrapToken: is required"], ConfigurationValidator.Validate(options, ConfigurationScope.Outbound));
        Assert.Empty(ConfigurationValidator.Validate(options, ConfigurationScope.Inbound));
    }

    [Fact]
    public void The_silo_needs_our_public_base_url_and_an_encryption_key_naming_the_peer_that_uses_register()
    {
        var options = Registering();
        options.PublicBaseUrl = null;
        options.Registration.EncryptionKeys = [];

        var errors = ConfigurationValidator.Validate(options, ConfigurationScope.Outbound);

        Assert.Equal(
            [
                "Oscp:PublicBaseUrl: is required because peer 'dno' uses Register",
                "Oscp:Registration:EncryptionKeys: at least one key (base64 of 32 bytes) is required because peer 'dno' uses Register",
            ],
            errors);
    }

    [Fact]
    public void A_key_that_is_not_32_bytes_of_base64_is_named_by_index_and_never_echoed()
    {
        var options = Registering();
        options.Registration.EncryptionKeys = [Key, "c2hvcnQta2V5"];
        options.PublicBaseUrl = "fleet.example.com";

        var errors = ConfigurationValidator.Validate(options, ConfigurationScope.Outbound);

        Assert.Contains("Oscp:Registration:EncryptionKeys:1: must be base64 of 32 random bytes (AES-256)", errors);
        Assert.Contains("Oscp:PublicBaseUrl: must be an absolute http(s) URL", errors);
        Assert.DoesNotContain(errors, e => e.Contains("c2hvcnQta2V5", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_registering_peer_no_key_and_no_public_url_are_needed()
    {
        var options = Registering(p =>
        {
            p.Register = new();
            p.Inbound = new() { TokenHashes = [Hash] };
            p.Token = "configured-token";
        });
        options.PublicBaseUrl = null;
        options.Registration.EncryptionKeys = [];

        Assert.Empty(Both(options));
    }

    [Fact]
    public void Bootstrap_hashes_must_be_well_formed_and_configured_token_hashes_are_refused_with_register()
    {
        var options = Registering(p => p.Inbound = new() { BootstrapTokenHashes = ["sha256:nothex"], TokenHashes = [Hash] });

        var errors = ConfigurationValidator.Validate(options, ConfigurationScope.Inbound);

        Assert.Contains("Oscp:Peers:dno:Inbound:BootstrapTokenHashes:0: must be sha256:<64 lower-case hex digits>", errors);
        Assert.Contains("Oscp:Peers:dno:Inbound:TokenHashes: must be empty when the peer uses Register (its token is issued at registration)", errors);
    }

    [Fact]
    public void Bootstrap_hashes_alone_make_a_peer_use_register_but_a_vector_peer_never_does()
    {
        Assert.True(new PeerOptions { Profile = PeerProfile.Oscp, Inbound = new() { BootstrapTokenHashes = [Hash] } }.UsesRegister());
        Assert.False(new PeerOptions { Profile = PeerProfile.Oscp }.UsesRegister());
        Assert.False(new PeerOptions { Profile = PeerProfile.Vector, Register = new() { Initiate = true } }.UsesRegister());
    }
}
