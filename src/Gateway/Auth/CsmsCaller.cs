using System.Security.Claims;
using Microsoft.Extensions.Options;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Auth;

/// <summary>
/// Which sites a caller of a CSMS route may act on. An operator (the <c>operator</c> scope in its token) acts on every
/// site. A <c>csms</c>-scope client acts only on sites whose <c>csms</c> is its <c>Oscp:Clients:&lt;id&gt;:Csms</c>
/// (<see cref="Csms"/>), or on every site with <c>*</c>. A client with no binding (possible only when a token outlives a
/// configuration change, since start-up validation requires it) acts on none.
/// </summary>
/// <param name="Allowed">False: the caller may act on no site at all.</param>
/// <param name="Csms">The CSMS endpoint name the caller is bound to; null when it may act on every site.</param>
/// <param name="ClientId">The caller's client id (for the answer and the log).</param>
public readonly record struct CsmsCaller(bool Allowed, string? Csms, string? ClientId)
{
    /// <summary>The binding of the request's authenticated caller, read from the current options (a change applies at once).</summary>
    public static CsmsCaller For(HttpContext http) =>
        Of(http.User, http.RequestServices.GetRequiredService<IOptionsMonitor<OscpOptions>>().CurrentValue);

    /// <summary>The binding of <paramref name="user"/> under <paramref name="options"/>.</summary>
    public static CsmsCaller Of(ClaimsPrincipal user, OscpOptions options)
    {
        var clientId = user.GetClientId();
        if (user.HasScope(ApiClientOptions.OperatorScope)) return new(true, null, clientId);
        if (clientId is null || !options.Clients.TryGetValue(clientId, out var client)) return new(false, null, clientId);
        if (client.Csms == ApiClientOptions.EveryCsms) return new(true, null, clientId);
        if (!string.IsNullOrEmpty(client.Csms)) return new(true, client.Csms, clientId);
        // A client that holds the operator scope asked for a csms-only token: it could have had every site anyway.
        return new(client.Scopes.Contains(ApiClientOptions.OperatorScope), null, clientId);
    }
}
