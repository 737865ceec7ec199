using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;

namespace OscpFleet.Gateway.Oscp;

/// <summary>An authenticated OSCP request: the peer it comes from, its request id and its validated body.</summary>
internal sealed record OscpRequest(string PeerId, PeerProfile Profile, string RequestId)
{
    /// <summary>Key under which <see cref="OscpRequestFilter"/> leaves the request for the handler.</summary>
    public const string ItemKey = "oscp.request";

    public static OscpRequest Of(HttpContext context) => (OscpRequest)context.Items[ItemKey]!;

    /// <summary>Reads and validates the body as <typeparamref name="T"/>; every problem is reported at once.</summary>
    public async Task<(T? Message, ValidationResult Result)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        // Sized from Content-Length when it is given (Kestrel holds the body to Oscp:MaxBodyBytes): one buffer, no regrowing.
        var length = context.Request.ContentLength;
        using var buffer = length is > 0 and <= 1 << 20 ? new MemoryStream((int)length.Value) : new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        OscpValidator.TryRead<T>(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Profile, out var message, out var result);
        return (message, result);
    }
}

/// <summary>
/// In front of every OSCP endpoint: resolves the authenticated peer, requires exactly one <c>X-Request-ID</c> (400)
/// and a JSON content type (415).
/// </summary>
internal sealed class OscpRequestFilter(IOptionsMonitor<OscpOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.User.GetPeerId() is not { } peerId || !options.CurrentValue.Peers.TryGetValue(peerId, out var peer) || peer.Profile is not { } profile)
            return OscpResponses.Error(StatusCodes.Status403Forbidden, "the credentials do not identify a configured peer");
        if (OscpHeaders.Single(http.Request, OscpHeaders.RequestId) is not { } requestId)
            return OscpResponses.BadRequest("X-Request-ID header is required, exactly once (at most 128 characters)");
        if (!http.Request.HasJsonContentType())
            return OscpResponses.Error(StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json");
        http.Items[OscpRequest.ItemKey] = new OscpRequest(peerId, profile, requestId);
        return await next(context);
    }
}
