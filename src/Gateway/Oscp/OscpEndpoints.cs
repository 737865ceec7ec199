using OscpFleet.Gateway.Api;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Oscp;

/// <summary>The Flexibility Provider's OSCP 2.0 endpoints under <c>/oscp/fp/2.0</c>.</summary>
public static class OscpEndpoints
{
    /// <summary>Base path of our OSCP endpoints.</summary>
    public const string BasePath = "/oscp/fp/2.0";

    /// <summary>Maps handshake, handshake_acknowledge and the gated endpoints; returns the gated group so later features add theirs.</summary>
    public static RouteGroupBuilder MapOscpEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var oscp = endpoints.MapGroup(BasePath)
            .RequireAuthorization(FleetPolicies.OscpPeer)
            .AddEndpointFilter<OscpRequestFilter>()
            .WithTags("OSCP 2.0");
        oscp.MapPost("/handshake", HandshakeAsync)
            .WithSummary("OSCP 2.0 Handshake: 204, then our HandshakeAcknowledge (X-Correlation-ID = this request's X-Request-ID)")
            .DocumentBody<Handshake>("""{"required_behaviour":{"heartbeat_interval":30}}""")
            .Produces(StatusCodes.Status204NoContent);
        oscp.MapPost("/handshake_acknowledge", HandshakeAcknowledgeAsync)
            .WithSummary("OSCP 2.0 HandshakeAcknowledge of our handshake (X-Correlation-ID: our handshake's X-Request-ID, required)")
            .DocumentBody<HandshakeAcknowledge>("""{"required_behaviour":{"heartbeat_interval":20}}""")
            .Produces(StatusCodes.Status204NoContent);

        var gated = oscp.MapGroup("").AddEndpointFilter<ConnectionGateFilter>();
        gated.MapPost("/heartbeat", HeartbeatAsync)
            .WithSummary("OSCP 2.0 Heartbeat: the peer goes Offline when offline_mode_at passes without a newer one")
            .DocumentBody<Heartbeat>("""{"offline_mode_at":"2026-11-26T12:01:00Z"}""")
            .Produces(StatusCodes.Status204NoContent)
            .Produces<OscpError>(StatusCodes.Status409Conflict);
        return gated;
    }

    private static async Task<IResult> HandshakeAsync(HttpContext context, IGrainFactory grains)
    {
        var request = OscpRequest.Of(context);
        var (handshake, validation) = await request.ReadAsync<Handshake>(context);
        if (handshake is null) return OscpResponses.Invalid(validation);
        var peer = grains.GetGrain<IPeerGrain>(request.PeerId);
        await peer.ReceiveHandshakeAsync(request.RequestId, handshake.RequiredBehaviour);
        // The acknowledge is a separate request that must follow our 204: ask for it once the response is written.
        // Not awaited: Kestrel serves the next request of a kept-alive connection only after these callbacks, and the
        // CP may send it at once. Should the call fail or this process die, the peer grain's timer sends it itself.
        context.Response.OnCompleted(() =>
        {
            _ = peer.SendPendingAcknowledgeAsync(request.RequestId).ContinueWith(
                static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return Task.CompletedTask;
        });
        return OscpResponses.Accepted();
    }

    private static async Task<IResult> HandshakeAcknowledgeAsync(HttpContext context, IGrainFactory grains)
    {
        var request = OscpRequest.Of(context);
        if (OscpHeaders.Single(context.Request, OscpHeaders.CorrelationId) is not { } correlationId)
            return OscpResponses.BadRequest("X-Correlation-ID header is required: the X-Request-ID of the handshake being acknowledged");
        var (acknowledge, validation) = await request.ReadAsync<HandshakeAcknowledge>(context);
        if (acknowledge is null) return OscpResponses.Invalid(validation);
        var outcome = await grains.GetGrain<IPeerGrain>(request.PeerId).ReceiveHandshakeAcknowledgeAsync(correlationId, acknowledge.RequiredBehaviour);
        return outcome == InboundOutcome.Accepted
            ? OscpResponses.Accepted()
            : OscpResponses.BadRequest("X-Correlation-ID matches no outstanding handshake of ours");
    }

    private static async Task<IResult> HeartbeatAsync(HttpContext context, IGrainFactory grains)
    {
        var request = OscpRequest.Of(context);
        var (heartbeat, validation) = await request.ReadAsync<Heartbeat>(context);
        if (heartbeat is null) return OscpResponses.Invalid(validation);
        var outcome = await grains.GetGrain<IPeerGrain>(request.PeerId).ReceiveHeartbeatAsync(heartbeat.OfflineModeAt);
        return outcome == InboundOutcome.Accepted ? OscpResponses.Accepted() : OscpResponses.NotConnected();
    }
}
