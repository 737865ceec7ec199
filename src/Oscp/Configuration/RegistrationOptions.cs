namespace OscpFleet.Oscp.Configuration;

/// <summary>How registered tokens are kept at rest (<c>Oscp:Registration</c>).</summary>
public sealed class RegistrationOptions
{
    /// <summary>
    /// AES-256-GCM keys (base64 of 32 bytes) that encrypt the tokens we use with the CPs: the first encrypts, every one
    /// decrypts (older keys stay listed after the current one until every stored token was rewritten). Secret.
    /// </summary>
    public List<string> EncryptionKeys { get; set; } = [];
}
