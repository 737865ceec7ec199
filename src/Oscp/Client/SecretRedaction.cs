namespace OscpFleet.Oscp.Client;

/// <summary>
/// Last line of defence for texts that leave the client (errors, the CP's body): a peer or a library could echo
/// what we sent, and a secret must never reach a log, a result or the operator API.
/// </summary>
internal static class SecretRedaction
{
    public const string Mask = "***";

    public static string? Redact(string? text, params ReadOnlySpan<string?> secrets)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        foreach (var secret in secrets)
        {
            if (!string.IsNullOrEmpty(secret))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>The secrets behind a credential, for <see cref="Redact"/>.</summary>
    public static string? SecretOf(OscpCredentials credentials) => credentials switch
    {
        OAuthClientCredentials oauth => oauth.ClientSecret,
        StaticToken token => token.Token,
        _ => null,
    };
}
