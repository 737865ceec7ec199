namespace OscpFleet.Gateway.Auth;

/// <summary>
/// The <c>Gateway:Oidc</c> section: the CPO's own OpenID Connect provider as a second issuer of operator tokens. With
/// <see cref="Authority"/> and <see cref="Audience"/> set, the operator API also accepts a JWT that provider signed for
/// that audience, as an operator when it carries <see cref="OperatorRole"/> in <see cref="RoleClaim"/>. Unset: only our
/// own tokens.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Gateway:Oidc";

    /// <summary>The provider's issuer URL; its <c>/.well-known/openid-configuration</c> names the signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience its tokens for OscpFleet carry (<c>aud</c>).</summary>
    public string? Audience { get; set; }

    /// <summary>The claim holding the user's roles or groups (a string or an array).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The value of <see cref="RoleClaim"/> that makes a user an operator.</summary>
    public string OperatorRole { get; set; } = "oscpfleet-operator";

    /// <summary>The claim naming the user in logs and audit (falls back to <c>sub</c>).</summary>
    public string NameClaim { get; set; } = "preferred_username";

    /// <summary>Allows an <c>http</c> authority (a test rig); never in production.</summary>
    public bool AllowHttp { get; set; }

    /// <summary>True when either key is set (validation then requires both).</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) || !string.IsNullOrWhiteSpace(Audience);

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (!Enabled) return [];
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Authority))
            errors.Add($"{Section}:Authority: is required when {Section}:Audience is set");
        else if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
            errors.Add($"{Section}:Authority: must be an absolute https URL");
        else if (authority.Scheme != Uri.UriSchemeHttps && !AllowHttp)
            errors.Add($"{Section}:Authority: must be https (AllowHttp opts a test rig out)");
        if (string.IsNullOrWhiteSpace(Audience)) errors.Add($"{Section}:Audience: is required when {Section}:Authority is set");
        if (string.IsNullOrWhiteSpace(RoleClaim)) errors.Add($"{Section}:RoleClaim: must not be empty");
        if (string.IsNullOrWhiteSpace(OperatorRole)) errors.Add($"{Section}:OperatorRole: must not be empty");
        if (string.IsNullOrWhiteSpace(NameClaim)) errors.Add($"{Section}:NameClaim: must not be empty");
        return errors;
    }
}
