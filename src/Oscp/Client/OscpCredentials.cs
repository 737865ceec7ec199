namespace OscpFleet.Oscp.Client;

/// <summary>
/// How we authenticate at one capacity provider: <see cref="OAuthClientCredentials"/> (vector) or
/// <see cref="StaticToken"/> (plain OSCP). Closed to this assembly, so the client knows every kind.
/// </summary>
public abstract record OscpCredentials
{
    private protected OscpCredentials()
    {
    }
}
