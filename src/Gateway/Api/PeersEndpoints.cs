using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Api;

/// <summary>The operator's view of the OSCP connections: <c>/api/v1/peers</c>.</summary>
public static class PeersEndpoints
{
    /// <summary>Maps list, read and "handshake now".</summary>
    public static IEndpointRouteBuilder MapPeersEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var peers = endpoints.MapGroup("/api/v1/peers").RequireAuthorization(FleetPolicies.Operator).WithTags("Peers");
        peers.MapGet("", ListAsync)
            .WithSummary("Every configured OSCP connection: state, what each side asked, heartbeats each way, last error")
            .Produces<PeersAnswer>();
        peers.MapGet("/{peerId}", GetAsync)
            .WithSummary("One OSCP connection (and its registration, for a peer that uses Register; never a token)")
            .Produces<PeerStatus>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        peers.MapPost("/{peerId}/handshake", HandshakeAsync)
            .WithSummary("Start a handshake with the peer now")
            .Produces<PeerStatus>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IGrainFactory grains, IOptionsMonitor<OscpOptions> options)
    {
        var statuses = await Task.WhenAll(options.CurrentValue.Peers.Keys.Order(StringComparer.Ordinal)
            .Select(id => WithRegistrationAsync(id, grains.GetGrain<IPeerGrain>(id).GetStatusAsync(), grains, options)));
        return Results.Ok(new { peers = statuses });
    }

    private static async Task<IResult> GetAsync(string peerId, IGrainFactory grains, IOptionsMonitor<OscpOptions> options) =>
        options.CurrentValue.Peers.ContainsKey(peerId)
            ? Results.Ok(await WithRegistrationAsync(peerId, grains.GetGrain<IPeerGrain>(peerId).GetStatusAsync(), grains, options))
            : UnknownPeer(peerId);

    private static async Task<IResult> HandshakeAsync(string peerId, IGrainFactory grains, IOptionsMonitor<OscpOptions> options) =>
        options.CurrentValue.Peers.ContainsKey(peerId)
            ? Results.Accepted($"/api/v1/peers/{peerId}", await WithRegistrationAsync(peerId, grains.GetGrain<IPeerGrain>(peerId).StartHandshakeAsync(), grains, options))
            : UnknownPeer(peerId);

    // A peer that uses Register shows its registration (state, since, last error, last rotation; never a token).
    private static async Task<PeerStatus> WithRegistrationAsync(string peerId, Task<PeerStatus> status, IGrainFactory grains, IOptionsMonitor<OscpOptions> options) =>
        options.CurrentValue.Peers.TryGetValue(peerId, out var peer) && peer.UsesRegister()
            ? (await status) with { Registration = await grains.GetGrain<IPeerRegistrationGrain>(peerId).GetStatusAsync() }
            : await status;

    private static IResult UnknownPeer(string peerId) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "unknown peer", detail: $"no peer '{peerId}' is configured (Oscp:Peers)");
}
