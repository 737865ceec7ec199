namespace OscpFleet.Oscp.Client;

/// <summary>How we present our client credentials at a CP's token endpoint (RFC 6749 §2.3.1).</summary>
public enum OAuthClientAuthStyle
{
    /// <summary><c>client_id</c> and <c>client_secret</c> in the form body (<c>client_secret_post</c>); the default.</summary>
    Body,

    /// <summary>
    /// HTTP Basic (<c>client_secret_basic</c>): the id and the secret each form-urlencoded, joined by ':' and base64-encoded
    /// into <c>Authorization: Basic …</c>; neither goes into the body.
    /// </summary>
    Basic,
}
