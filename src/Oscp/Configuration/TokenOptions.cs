namespace OscpFleet.Oscp.Configuration;

/// <summary>Signing of the access tokens our <c>/oauth/token</c> issues (<c>Oscp:Tokens</c>).</summary>
public sealed class TokenOptions
{
    /// <summary>Default token lifetime.</summary>
    public const int DefaultLifetimeSeconds = 3600;

    /// <summary>The <c>iss</c> claim.</summary>
    public string? Issuer { get; set; }

    /// <summary>The <c>aud</c> claim.</summary>
    public string? Audience { get; set; }

    /// <summary>ES256 keys, current first; older ones still validate tokens they signed.</summary>
    public List<SigningKeyOptions> SigningKeys { get; set; } = [];

    /// <summary>Lifetime of an issued token in seconds.</summary>
    public int LifetimeSeconds { get; set; } = DefaultLifetimeSeconds;
}
