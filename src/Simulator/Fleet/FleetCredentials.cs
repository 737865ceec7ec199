namespace OscpFleet.Simulator.Fleet;

/// <summary>A client of the gateway's <c>/oauth/token</c> and the scope it asks for. <see cref="ToString"/> never prints the secret.</summary>
internal sealed record FleetCredentials(string ClientId, string ClientSecret, string Scope)
{
    public override string ToString() => $"{nameof(FleetCredentials)} {{ ClientId = {ClientId}, ClientSecret = ***, Scope = {Scope} }}";
}
