using OscpFleet.Grains.Peers;

namespace OscpFleet.Gateway.Oscp;

/// <summary>
/// The one gate in front of every OSCP endpoint other than handshake and handshake_acknowledge: while the connection
/// is Offline or still Handshaking, or the CP's <c>offline_mode_at</c> has passed (the peer grain notices that on its
/// next tick), the message is refused with 409 — only a completed handshake brings it back. So a forecast is never
/// taken while the sites hold their limits as for a lost connection.
/// </summary>
internal sealed class ConnectionGateFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = OscpRequest.Of(context.HttpContext);
        var status = await grains.GetGrain<IPeerGrain>(request.PeerId).GetStatusAsync();
        return status.State == ConnectionState.Online && !status.LimitsLost ? await next(context) : OscpResponses.NotConnected();
    }
}
