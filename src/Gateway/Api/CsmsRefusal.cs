using OscpFleet.Gateway.Auth;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// The 403 answers of the CSMS routes when the caller's CSMS binding (<see cref="CsmsCaller"/>) does not cover the site.
/// The answer never names the site's own CSMS: a client learns nothing about another CSMS's sites.
/// </summary>
internal static class CsmsRefusal
{
    public const string OtherCsmsTitle = "site of another CSMS", UnboundTitle = "no CSMS binding";

    /// <summary>The site exists and is served by another CSMS than the caller's.</summary>
    public static IResult OtherCsms(HttpContext http, CsmsCaller caller, string groupId)
    {
        Log(http, caller, groupId, "the site is served by another CSMS");
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: OtherCsmsTitle,
            detail: $"client '{caller.ClientId}' speaks for CSMS '{caller.Csms}', which does not serve site '{groupId}'; nothing was changed");
    }

    /// <summary>The caller is bound to no CSMS at all (its client lost its binding or its configuration).</summary>
    public static IResult Unbound(HttpContext http, CsmsCaller caller, string groupId)
    {
        Log(http, caller, groupId, "the client is bound to no CSMS");
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: UnboundTitle,
            detail: $"client '{caller.ClientId}' is bound to no CSMS endpoint (Oscp:Clients:<clientId>:Csms), so it may act on no site; nothing was changed");
    }

    /// <summary>Logs one refusal (a Warning naming the client and the site, never a credential).</summary>
    public static void Log(HttpContext http, CsmsCaller caller, string groupId, string reason) =>
        http.RequestServices.GetRequiredService<ILogger<CsmsCaller>>().CsmsSiteRefused(caller.ClientId, groupId, reason);
}
