namespace OscpFleet.Oscp.Configuration;

/// <summary>One ES256 (P-256) signing key. The private key is a secret and is never logged.</summary>
public sealed class SigningKeyOptions
{
    /// <summary>Key id, written as the JWT <c>kid</c>.</summary>
    public string? Kid { get; set; }

    /// <summary>PKCS#8 or SEC1 PEM of the P-256 private key.</summary>
    public string? PrivateKeyPem { get; set; }
}
