namespace OscpFleet.Testing;

/// <summary>
/// The metering cluster for the console's tests: the browser signs in like an operator, so it needs the operator
/// client's id and secret; and the gateway also accepts operators of a stand-in OpenID Connect provider
/// (<see cref="Oidc"/>, <c>Gateway:Oidc</c>).
/// </summary>
public class ConsoleCluster : MeteringCluster
{
    /// <summary>The operator client's id.</summary>
    public const string OperatorClientId = "ops_console";

    /// <summary>The operator client's secret (typed into the sign-in page).</summary>
    public string OperatorSecret => operatorSecret;

    /// <summary>The CPO's OpenID Connect provider, as far as the gateway can tell.</summary>
    public TestOidcAuthority Oidc { get; } = new();

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings["Gateway:Oidc:Authority"] = Oidc.Authority;
            settings["Gateway:Oidc:Audience"] = TestOidcAuthority.Audience;
            settings["Gateway:Oidc:AllowHttp"] = "true";
            return settings;
        }
    }

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await Oidc.StartAsync();
        await base.InitializeAsync();
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Oidc.DisposeAsync();
    }
}
