namespace OscpFleet.Oscp.Client;

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4) at the CP's token endpoint; the access token is sent as
/// <c>Authorization: Bearer …</c>. <see cref="ToString"/> never prints the secret.
/// </summary>
/// <param name="TokenUrl">The CP's token endpoint.</param>
/// <param name="ClientId">Our client id there.</param>
/// <param name="ClientSecret">Our client secret there. Secret: never logged, printed or put into an error.</param>
/// <param name="Scope">The scope to ask for, if the CP wants one.</param>
public sealed record OAuthClientCredentials(Uri TokenUrl, string ClientId, string ClientSecret, string? Scope = null) : OscpCredentials
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(OAuthClientCredentials)} {{ TokenUrl = {TokenUrl}, ClientId = {ClientId}, ClientSecret = ***, Scope = {Scope} }}";
}
