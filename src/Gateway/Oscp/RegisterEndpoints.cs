using OscpFleet.Gateway.Api;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Registration;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Oscp;

/// <summary>
/// OSCP 2.0 Register, <c>POST</c>/<c>PUT</c>/<c>DELETE /oscp/fp/2.0/register</c>, for <c>oscp</c> peers that use it. A
/// bootstrap token is accepted here (POST only) and nowhere else. Answers 204, 400 naming the problem, 403 when the
/// Register fits no state, 501 when the CP lists no version 2.0; after a 204 that owes the CP our reply Register, that
/// reply is sent once the 204 is written.
/// </summary>
public static class RegisterEndpoints
{
    /// <summary>Path of the register endpoint under <see cref="OscpEndpoints.BasePath"/>.</summary>
    public const string Path = OscpEndpoints.BasePath + "/register";

    /// <summary>Maps the three methods.</summary>
    public static IEndpointRouteBuilder MapRegisterEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var register = endpoints.MapGroup(Path)
            .RequireAuthorization(FleetPolicies.OscpRegister)
            .AddEndpointFilter<RegisterRequestFilter>()
            .WithTags("OSCP 2.0");
        const string example = """{"token":"a-token-of-at-least-32-characters-0123456789","version_url":[{"version":"2.0","base_url":"https://cp.example.com/oscp/cp/2.0"}]}""";
        register.MapPost("", (HttpContext context, IGrainFactory grains) => RegisterAsync(context, grains, "POST"))
            .WithSummary("OSCP 2.0 Register (bootstrap token: the CP registers first; our token: its reply to our Register)")
            .DocumentBody<Register>(example)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<OscpError>(StatusCodes.Status501NotImplemented);
        register.MapPut("", (HttpContext context, IGrainFactory grains) => RegisterAsync(context, grains, "PUT"))
            .WithSummary("OSCP 2.0 Register update: the CP's new token and/or URL; our reply PUT carries a new token for the CP")
            .DocumentBody<Register>(example)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<OscpError>(StatusCodes.Status501NotImplemented);
        register.MapDelete("", UnregisterAsync)
            .WithSummary("OSCP 2.0 unregister (no body): both sides' tokens stop working at once")
            .Produces(StatusCodes.Status204NoContent);
        return endpoints;
    }

    private static async Task<IResult> RegisterAsync(HttpContext context, IGrainFactory grains, string method)
    {
        var request = OscpRequest.Of(context);
        var bootstrap = context.User.GetPeerId() is null;
        if (bootstrap && method != "POST")
            return OscpResponses.Error(StatusCodes.Status403Forbidden, "a bootstrap token authorises only the first Register (POST)");
        var (register, validation) = await request.ReadAsync<Register>(context);
        if (register is null) return OscpResponses.Invalid(validation);
        if (RegisterVersions.Choose(register.VersionUrl) is not { } version)
            return OscpResponses.Error(StatusCodes.Status501NotImplemented, $"no common version: we speak OSCP {RegisterVersions.Supported} only");
        if (RegisterVersions.TryBaseUrl(version) is not { } baseUrl)
        {
            var index = register.VersionUrl.ToList().IndexOf(version);
            return OscpResponses.Invalid(new ValidationResult([$"version_url[{index}].base_url: must be an absolute http(s) URL without query or fragment"]));
        }
        if (baseUrl.Scheme == Uri.UriSchemeHttp && RequiresHttps(context, request.PeerId))
        {
            var index = register.VersionUrl.ToList().IndexOf(version);
            return OscpResponses.Invalid(new ValidationResult([$"version_url[{index}].base_url: must be an https URL"]));
        }
        if (register.Token.Length < SecretHash.MinimumSecretLength)
            return OscpResponses.Invalid(new ValidationResult([$"token: must be at least {SecretHash.MinimumSecretLength} characters"]));

        var grain = grains.GetGrain<IPeerRegistrationGrain>(request.PeerId);
        var outcome = await grain.ReceiveRegisterAsync(new RegisterReceipt(method, bootstrap, register.Token, baseUrl));
        switch (outcome)
        {
            case RegisterOutcome.ReplyDue:
                // Our reply Register must follow the 204: fire and forget once it is written (Kestrel holds a kept-alive
                // connection until OnCompleted callbacks finish). The grain's timer sends it should this process die first.
                context.Response.OnCompleted(() =>
                {
                    _ = SendReplyAsync(grain, context.RequestServices.GetRequiredService<ILoggerFactory>(), request.PeerId);
                    return Task.CompletedTask;
                });
                return OscpResponses.Accepted();
            case RegisterOutcome.Completed:
                return OscpResponses.Accepted();
            case RegisterOutcome.AlreadyRegistered:
                return OscpResponses.Error(StatusCodes.Status403Forbidden, "already registered: the bootstrap token is spent (update with PUT and the current token, or DELETE first)");
            default:
                return OscpResponses.Error(StatusCodes.Status403Forbidden, "no registration to update: register first (POST with the bootstrap token)");
        }
    }

    // In Production the CP's base_url must be https like its configured BaseUrl, unless the peer opts out (AllowHttp).
    private static bool RequiresHttps(HttpContext context, string peerId) =>
        context.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction()
        && !(context.RequestServices.GetRequiredService<IOptionsMonitor<OscpOptions>>().CurrentValue.Peers.GetValueOrDefault(peerId)?.AllowHttp ?? false);

    private static async Task<IResult> UnregisterAsync(HttpContext context, IGrainFactory grains)
    {
        var request = OscpRequest.Of(context);
        if (context.User.GetPeerId() is null)
            return OscpResponses.Error(StatusCodes.Status403Forbidden, "a bootstrap token authorises only the first Register (POST)");
        await grains.GetGrain<IPeerRegistrationGrain>(request.PeerId).ReceiveUnregisterAsync();
        return OscpResponses.Accepted();
    }

    private static async Task SendReplyAsync(IPeerRegistrationGrain grain, ILoggerFactory loggers, string peerId)
    {
        try
        {
            await grain.SendPendingReplyAsync();
        }
        catch (Exception e)
        {
            // The grain's timer retries; the exception type only (never a message that could carry a token).
            loggers.CreateLogger(typeof(RegisterEndpoints)).LogWarning("Peer {PeerId}: sending our reply Register failed ({ExceptionType}); the grain retries", peerId, e.GetType().Name);
        }
    }
}

/// <summary>
/// In front of the register endpoint: the peer (by its token or its bootstrap token) must be a configured <c>oscp</c>
/// peer that uses Register (403); exactly one <c>X-Request-ID</c> (400); a JSON content type on POST and PUT (415).
/// </summary>
internal sealed class RegisterRequestFilter(IOptionsMonitor<OscpOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if ((http.User.GetPeerId() ?? http.User.GetBootstrapPeerId()) is not { } peerId
            || !options.CurrentValue.Peers.TryGetValue(peerId, out var peer) || peer.Profile is not PeerProfile.Oscp)
            return OscpResponses.Error(StatusCodes.Status403Forbidden, "the credentials do not identify a configured oscp peer");
        if (!peer.UsesRegister())
            return OscpResponses.Error(StatusCodes.Status403Forbidden, "this peer's tokens are configured: it does not use Register");
        if (OscpHeaders.Single(http.Request, OscpHeaders.RequestId) is not { } requestId)
            return OscpResponses.BadRequest("X-Request-ID header is required, exactly once (at most 128 characters)");
        if (!HttpMethods.IsDelete(http.Request.Method) && !http.Request.HasJsonContentType())
            return OscpResponses.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
        http.Items[OscpRequest.ItemKey] = new OscpRequest(peerId, PeerProfile.Oscp, requestId);
        return await next(context);
    }
}
