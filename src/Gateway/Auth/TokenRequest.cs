namespace OscpFleet.Gateway.Auth;

/// <summary>A well-formed client-credentials request. <see cref="ClientSecret"/> is a secret: never log it.</summary>
internal sealed record TokenRequest(string ClientId, string ClientSecret, string? Scope, bool UsedBasic)
{
    // A record prints every property; this one must not print the secret if it ever reaches a log.
    public override string ToString() => $"TokenRequest {{ ClientId = {ClientId}, Scope = {Scope}, UsedBasic = {UsedBasic} }}";
}
