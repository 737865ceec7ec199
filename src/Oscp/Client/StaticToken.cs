namespace OscpFleet.Oscp.Client;

/// <summary>
/// The token the CP issued to us, sent as <c>Authorization: Token &lt;token&gt;</c> (docs/protocol.md,
/// "Plain OSCP: Authorization: Token").
/// <see cref="ToString"/> never prints it.
/// </summary>
/// <param name="Token">The token. Secret: never logged, printed or put into an error.</param>
public sealed record StaticToken(string Token) : OscpCredentials
{
    /// <inheritdoc />
    public override string ToString() => $"{nameof(StaticToken)} {{ Token = *** }}";
}
