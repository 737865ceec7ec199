using System.Security.Cryptography;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Tests.Configuration;

public sealed class ConfigurationValidatorTests
{
    private static readonly string Hash = SecretHash.Compute(new string('s', 40));

    private static PeerOptions VectorPeer() => new()
    {
        Profile = PeerProfile.Vector,
        BaseUrl = "https://evbus.test.api.vector.co.nz",
        TokenUrl = "https://evbus.test.api.vector.co.nz/token",
        ClientId = "fleet",
        ClientSecret = "secret-of-ours",
        Headers = [new() { Name = "fp-id", Value = "FP1" }],
        Inbound = new() { ClientId = "vector", ClientSecretHashes = [Hash] },
    };

    private static OscpOptions Valid()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new OscpOptions
        {
            Peers = { ["vector_test"] = VectorPeer() },
            Tokens = new() { Issuer = "https://fleet.example.com", Audience = "oscpfleet", SigningKeys = [new() { Kid = "k1", PrivateKeyPem = key.ExportPkcs8PrivateKeyPem() }] },
            Clients = { ["ops_console"] = new() { SecretHashes = [Hash], Scopes = ["operator"] } },
        };
    }

    private static IReadOnlyList<string> Both(OscpOptions options) =>
        ConfigurationValidator.Validate(options, ConfigurationScope.Inbound | ConfigurationScope.Outbound);

    [Fact]
    public void A_complete_vector_configuration_is_valid_for_both_processes() => Assert.Empty(Both(Valid()));

    [Fact]
    public void Peer_id_with_a_dash_is_rejected_because_it_cannot_be_an_environment_variable()
    {
        var options = Valid();
        options.Peers["vector-test"] = VectorPeer();

        Assert.Contains("Oscp:Peers:vector-test: the peer id must be letters, digits and '_', 1-32 characters", Both(options));
    }

    [Fact]
    public void Missing_profile_and_base_url_are_named()
    {
        var options = Valid();
        options.Peers["vector_test"].Profile = null;
        options.Peers["vector_test"].BaseUrl = null;

        var errors = Both(options);

        Assert.Contains("Oscp:Peers:vector_test:Profile: is required (vector | oscp)", errors);
        Assert.Contains("Oscp:Peers:vector_test:BaseUrl: is required", errors);
    }

    [Fact]
    public void Outbound_credentials_are_required_only_where_they_are_used()
    {
        var options = Valid();
        options.Peers["vector_test"].ClientSecret = null;
        options.Peers["vector_test"].TokenUrl = "ftp://x";

        Assert.Contains("Oscp:Peers:vector_test:ClientSecret: is required", ConfigurationValidator.Validate(options, ConfigurationScope.Outbound));
        Assert.Contains("Oscp:Peers:vector_test:TokenUrl: must be an absolute http(s) URL", ConfigurationValidator.Validate(options, ConfigurationScope.Outbound));
        Assert.Empty(ConfigurationValidator.Validate(options, ConfigurationScope.Inbound));
    }

    [Fact]
    public void Oscp_peer_needs_a_token_out_and_token_hashes_in()
    {
        var options = Valid();
        options.Peers["plain"] = new PeerOptions { Profile = PeerProfile.Oscp, BaseUrl = "https://cp.example.com" };

        var errors = Both(options);

        Assert.Contains("Oscp:Peers:plain:Token: is required", errors);
        Assert.Contains("Oscp:Peers:plain:Inbound:TokenHashes: at least one sha256:<hex> hash is required", errors);
    }

    [Theory]
    [InlineData("5f4dcc3b5aa765d61d8327deb882cf99")]
    [InlineData("sha256:ABCDEF")]
    [InlineData("sha256:ZZ00000000000000000000000000000000000000000000000000000000000000")]
    public void Malformed_secret_hashes_are_rejected_without_echoing_them(string hash)
    {
        var options = Valid();
        options.Peers["vector_test"].Inbound.ClientSecretHashes = [hash];

        var errors = Both(options);

        Assert.Contains("Oscp:Peers:vector_test:Inbound:ClientSecretHashes:0: must be sha256:<64 lower-case hex digits>", errors);
        Assert.DoesNotContain(errors, e => e.Contains(hash, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-Request-ID")]
    [InlineData("authorization")]
    [InlineData("bad header")]
    public void Headers_that_oscpfleet_sets_itself_or_that_are_not_header_names_are_rejected(string name)
    {
        var options = Valid();
        options.Peers["vector_test"].Headers.Add(new HeaderOptions { Name = name, Value = "v" });

        Assert.Contains(Both(options), e => e.StartsWith("Oscp:Peers:vector_test:Headers:1:Name: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Header_without_value_is_rejected_by_the_silo_that_sends_it_and_not_required_by_the_gateway()
    {
        var options = Valid();
        options.Peers["vector_test"].Headers[0].Value = "";

        Assert.Contains("Oscp:Peers:vector_test:Headers:0:Value: is required", ConfigurationValidator.Validate(options, ConfigurationScope.Outbound));
        Assert.DoesNotContain(ConfigurationValidator.Validate(options, ConfigurationScope.Inbound), e => e.Contains(":Headers:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(7, 60, "Oscp:Peers:vector_test:ReportPeriodMinutes: must divide a day (e.g. 5, 15, 30, 60)")]
    [InlineData(15, 900, "Oscp:Peers:vector_test:ReportSpreadSeconds: must be >= 0 and shorter than the report period")]
    [InlineData(15, -1, "Oscp:Peers:vector_test:ReportSpreadSeconds: must be >= 0 and shorter than the report period")]
    public void Report_period_must_divide_a_day_and_the_spread_fit_inside_it(int minutes, int spread, string expected)
    {
        var options = Valid();
        options.Peers["vector_test"].ReportPeriodMinutes = minutes;
        options.Peers["vector_test"].ReportSpreadSeconds = spread;

        Assert.Contains(expected, Both(options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(1001)]
    public void Storm_control_caps_outside_1_to_1000_are_rejected(int cap)
    {
        var options = Valid();
        options.Peers["vector_test"].MaxInFlight = cap;
        var csms = new CsmsOptions { Endpoints = { ["main"] = new() { Url = "https://csms.example.com/limits", Secrets = [new string('s', 40)], MaxInFlight = cap } } };

        Assert.Contains("Oscp:Peers:vector_test:MaxInFlight: must be between 1 and 1000", Both(options));
        Assert.Equal(["Csms:Endpoints:main:MaxInFlight: must be between 1 and 1000"], ConfigurationValidator.Validate(csms));
        options.Peers["vector_test"].MaxInFlight = 1;
        csms.Endpoints["main"].MaxInFlight = 1000;
        Assert.DoesNotContain(Both(options), e => e.Contains("MaxInFlight", StringComparison.Ordinal));
        Assert.Empty(ConfigurationValidator.Validate(csms));
    }

    [Fact]
    public void Heartbeat_interval_and_not_connected_statuses_are_checked()
    {
        var options = Valid();
        options.Peers["vector_test"].HeartbeatIntervalSeconds = 0;
        options.Peers["vector_test"].NotConnectedStatuses = [204];
        options.Peers["vector_test"].Paths["heartbeat"] = "alt/heartbeat";
        options.Peers["vector_test"].FirstHeartbeatGraceSeconds = -1;

        var errors = Both(options);

        Assert.Contains("Oscp:Peers:vector_test:FirstHeartbeatGraceSeconds: must be between 0 and 86400", errors);
        Assert.Contains("Oscp:Peers:vector_test:HeartbeatIntervalSeconds: must be >= 1", errors);
        Assert.Contains("Oscp:Peers:vector_test:NotConnectedStatuses: every status must be between 400 and 599", errors);
        Assert.Contains("Oscp:Peers:vector_test:Paths:heartbeat: must be an absolute path starting with '/'", errors);
    }

    [Fact]
    public void Signing_keys_must_be_p256_private_keys_with_unique_kids()
    {
        var options = Valid();
        using var rsa = RSA.Create(2048);
        options.Tokens.SigningKeys.Add(new SigningKeyOptions { Kid = "k1", PrivateKeyPem = rsa.ExportPkcs8PrivateKeyPem() });

        var errors = Both(options);

        Assert.Contains("Oscp:Tokens:SigningKeys:1:Kid: 'k1' is used by another key", errors);
        Assert.Contains("Oscp:Tokens:SigningKeys:1:PrivateKeyPem: must be the PEM of a P-256 (ES256) private key", errors);
    }

    [Fact]
    public void Token_settings_are_required_once_anyone_can_ask_for_a_token()
    {
        var options = Valid();
        options.Tokens = new() { LifetimeSeconds = 10 };

        var errors = ConfigurationValidator.Validate(options, ConfigurationScope.Inbound);

        Assert.Contains("Oscp:Tokens:Issuer: is required", errors);
        Assert.Contains("Oscp:Tokens:Audience: is required", errors);
        Assert.Contains("Oscp:Tokens:SigningKeys: at least one ES256 signing key is required", errors);
        Assert.Contains("Oscp:Tokens:LifetimeSeconds: must be between 60 and 86400", errors);
    }

    [Fact]
    public void A_gateway_with_no_clients_and_no_vector_peers_needs_no_signing_key()
    {
        Assert.Empty(ConfigurationValidator.Validate(new OscpOptions(), ConfigurationScope.Inbound));
    }

    [Fact]
    public void Clients_need_known_scopes_and_ids_unique_across_peers()
    {
        var options = Valid();
        options.Clients["vector"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["admin"] };

        var errors = Both(options);

        Assert.Contains("Oscp:Clients:vector:Scopes: unknown scope 'admin' (operator | csms)", errors);
        Assert.Contains("Oscp:Peers:vector_test:Inbound:ClientId: 'vector' is already used by another client or peer", errors);
    }

    [Fact]
    public void A_csms_client_must_name_the_csms_it_speaks_for_or_star_unless_it_is_also_an_operator()
    {
        var options = Valid();
        options.Clients["csms_unbound"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"] };
        options.Clients["csms_bad"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "main-hall" };
        options.Clients["csms_main"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "main" };
        options.Clients["csms_all"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "*" };
        options.Clients["tools"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["operator", "csms"] };

        Assert.Equal(
        [
            "Oscp:Clients:csms_unbound:Csms: is required for a client with the csms scope (the CSMS endpoint name it speaks for, or '*' for every site)",
            "Oscp:Clients:csms_bad:Csms: must be a CSMS endpoint name (letters, digits and '_', 1-32 characters) or '*'",
        ], Both(options));
    }

    [Fact]
    public void Body_limit_compliance_and_outbox_bounds_are_checked()
    {
        var options = Valid();
        options.MaxBodyBytes = 1024;
        options.Compliance.TolerancePercent = 150;
        options.Compliance.ApplyAllowanceSeconds = -1;
        options.Outbox.MaxMessagesPerSite = 0;

        var errors = Both(options);

        Assert.Contains("Oscp:MaxBodyBytes: must be >= 1048576", errors);
        Assert.Contains("Oscp:Compliance:TolerancePercent: must be between 0 and 100", errors);
        Assert.Contains("Oscp:Compliance:ApplyAllowanceSeconds: must be >= 0", errors);
        Assert.Contains("Oscp:Outbox:MaxMessagesPerSite: must be >= 1", errors);
    }

    [Fact]
    public void A_csms_binding_must_name_a_configured_csms_endpoint()
    {
        var options = Valid();
        options.Clients["csms_main"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "main" };
        options.Clients["csms_typo"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "mian" };
        options.Clients["csms_all"] = new ApiClientOptions { SecretHashes = [Hash], Scopes = ["csms"], Csms = "*" };
        var csms = new CsmsOptions { Endpoints = { ["main"] = new() { Url = "https://csms.example.com/limits", Secrets = [new string('s', 40)] } } };

        Assert.Equal(["Oscp:Clients:csms_typo:Csms: names no configured CSMS endpoint (Csms:Endpoints:mian)"], ConfigurationValidator.ValidateCsmsBindings(options, csms));
    }

    [Fact]
    public void In_production_every_peer_and_csms_url_must_be_https_unless_its_endpoint_opts_out()
    {
        var options = Valid();
        options.Peers["vector_test"].BaseUrl = "http://cp.example.com";
        options.Peers["vector_test"].TokenUrl = "http://cp.example.com/token";
        var rig = VectorPeer();
        rig.BaseUrl = "http://127.0.0.1:5090";
        rig.TokenUrl = "http://127.0.0.1:5090/token";
        rig.Inbound.ClientId = "rig";
        rig.AllowHttp = true;
        options.Peers["test_rig"] = rig;
        var secret = new string('s', 40);
        var csms = new CsmsOptions
        {
            Endpoints =
            {
                ["main"] = new() { Url = "http://csms.example.com/limits", Secrets = [secret] },
                ["rig"] = new() { Url = "http://127.0.0.1:5095/csms/limits", Secrets = [secret], AllowHttp = true },
            },
        };

        Assert.Equal(
        [
            "Oscp:Peers:vector_test:BaseUrl: must be an https URL in Production (set Oscp:Peers:vector_test:AllowHttp=true only for a test rig)",
            "Oscp:Peers:vector_test:TokenUrl: must be an https URL in Production (set Oscp:Peers:vector_test:AllowHttp=true only for a test rig)",
        ], ConfigurationValidator.Validate(options, ConfigurationScope.Inbound | ConfigurationScope.Outbound, requireHttps: true));
        Assert.Equal(
            ["Csms:Endpoints:main:Url: must be an https URL in Production (set Csms:Endpoints:main:AllowHttp=true only for a test rig)"],
            ConfigurationValidator.Validate(csms, requireHttps: true));
        // Outside Production http is accepted everywhere.
        Assert.Empty(Both(options));
        Assert.Empty(ConfigurationValidator.Validate(csms));
    }

    [Fact]
    public void Csms_endpoints_need_a_url_and_long_secrets()
    {
        var csms = new CsmsOptions { Endpoints = { ["main"] = new() { Url = "nope", Secrets = ["short"] }, ["empty"] = new() { Url = "https://csms.example.com" } } };

        var errors = ConfigurationValidator.Validate(csms);

        Assert.Contains("Csms:Endpoints:main:Url: must be an absolute http(s) URL", errors);
        Assert.Contains("Csms:Endpoints:main:Secrets:0: must be at least 32 characters", errors);
        Assert.Contains("Csms:Endpoints:empty:Secrets: at least one HMAC secret is required", errors);
        Assert.DoesNotContain(errors, e => e.Contains("short", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_inbound_token_on_two_oscp_peers_is_rejected_as_ambiguous()
    {
        var options = Valid();
        options.Peers["plain_a"] = new PeerOptions { Profile = PeerProfile.Oscp, BaseUrl = "https://a.example.com", Token = "t", Inbound = new() { TokenHashes = [Hash] } };
        options.Peers["plain_b"] = new PeerOptions { Profile = PeerProfile.Oscp, BaseUrl = "https://b.example.com", Token = "t", Inbound = new() { TokenHashes = [Hash] } };

        Assert.Contains("Oscp:Peers:plain_b:Inbound:TokenHashes:0: the same token is configured for peer 'plain_a'", Both(options));
    }

    [Theory]
    [InlineData("body")]
    [InlineData("basic")]
    [InlineData("Basic")]
    [InlineData("")]
    public void Token_auth_style_body_or_basic_in_any_case_or_unset_is_valid(string style)
    {
        var options = Valid();
        options.Peers["vector_test"].TokenAuthStyle = style;
        options.Peers["vector_test"].TokenScope = "oscp:write fp-1";
        options.Peers["vector_test"].TokenRequestHeaders = true;

        Assert.Empty(Both(options));
    }

    [Theory]
    [InlineData("client_secret_basic")]
    [InlineData("post")]
    [InlineData(" basic")]
    public void An_unknown_token_auth_style_stops_the_silo_naming_the_key_and_never_the_value(string style)
    {
        var options = Valid();
        options.Peers["vector_test"].TokenAuthStyle = style;

        var errors = ConfigurationValidator.Validate(options, ConfigurationScope.Outbound);

        // The whole message is fixed text: the value never appears in it.
        Assert.Equal(["Oscp:Peers:vector_test:TokenAuthStyle: must be body or basic"], errors);
    }

    [Theory]
    [InlineData("a  b")]
    [InlineData(" oscp")]
    [InlineData("oscp ")]
    [InlineData("say\"hi")]
    [InlineData("back\\slash")]
    [InlineData("tab\tbed")]
    [InlineData("caf\u00e9")]
    [InlineData(" ")]
    public void A_token_scope_outside_rfc_6749_scope_token_characters_is_a_start_up_error(string scope)
    {
        var options = Valid();
        options.Peers["vector_test"].TokenScope = scope;

        var error = Assert.Single(ConfigurationValidator.Validate(options, ConfigurationScope.Outbound));

        Assert.StartsWith("Oscp:Peers:vector_test:TokenScope: must be scope tokens separated by single spaces", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_options_are_the_silos_concern_only()
    {
        var options = Valid();
        options.Peers["vector_test"].TokenAuthStyle = "nonsense";
        options.Peers["vector_test"].TokenScope = "a  b";

        Assert.Empty(ConfigurationValidator.Validate(options, ConfigurationScope.Inbound));
        Assert.Equal(2, ConfigurationValidator.Validate(options, ConfigurationScope.Outbound).Count);
    }
}
