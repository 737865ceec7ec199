namespace OscpFleet.Oscp.Client;

/// <summary>
/// OAuth 2.0 client credentials (RFC 6749 §4.4) at the CP's token endpoint; the access token is sent as
/// <c>Authorization: Bearer …</c>. <see cref="ToString"/> never prints the secret or a header value.
/// </summary>
/// <param name="TokenUrl">The CP's token endpoint.</param>
/// <param name="ClientId">Our client id there.</param>
/// <param name="ClientSecret">Our client secret there. Secret: never logged, printed or put into an error.</param>
/// <param name="Scope">The scope to ask for (space-separated scope tokens), if the CP wants one.</param>
public sealed record OAuthClientCredentials(Uri TokenUrl, string ClientId, string ClientSecret, string? Scope = null) : OscpCredentials
{
    /// <summary>How the id and secret travel: in the form body (default) or as HTTP Basic.</summary>
    public OAuthClientAuthStyle AuthStyle { get; init; } = OAuthClientAuthStyle.Body;

    /// <summary>
    /// Static headers sent on the token request too (a CP whose gateway wants its <c>apikey</c> on every call); none by
    /// default. Headers the client sets itself (Authorization, Content-Type, …) are ignored here. Values may be secrets.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> TokenRequestHeaders { get; init; } = [];

    /// <summary>Value equality, the headers compared item by item (a record would compare the list's reference).</summary>
    public bool Equals(OAuthClientCredentials? other) =>
        other is not null
        && TokenUrl == other.TokenUrl
        && ClientId == other.ClientId
        && ClientSecret == other.ClientSecret
        && Scope == other.Scope
        && AuthStyle == other.AuthStyle
        && TokenRequestHeaders.SequenceEqual(other.TokenRequestHeaders);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(TokenUrl, ClientId, ClientSecret, Scope, AuthStyle, TokenRequestHeaders.Count);

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(OAuthClientCredentials)} {{ TokenUrl = {TokenUrl}, ClientId = {ClientId}, ClientSecret = ***, Scope = {Scope}, " +
        $"AuthStyle = {AuthStyle}, TokenRequestHeaders = [{string.Join(", ", TokenRequestHeaders.Select(h => h.Key))}] }}";
}
