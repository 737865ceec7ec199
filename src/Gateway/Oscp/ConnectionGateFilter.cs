using OscpFleet.Grains;
using OscpFleet.Grains.Peers;

namespace OscpFleet.Gateway.Oscp;

/// <summary>
/// The one gate in front of every OSCP endpoint other than handshake and handshake_acknowledge: while the connection
/// is Offline or still Handshaking the message is refused with 409 — only a completed handshake brings it back. The
/// one exception: once our acknowledge of the CP's handshake is on its way, the CP may count the connection up and
/// send at once, before our HTTP client has read its 204; those messages are taken.
/// </summary>
/// <remarks>
/// A message arriving in the second between the CP's <c>offline_mode_at</c> passing and the peer grain's tick noticing
/// it still passes: it is itself a sign of life (a heartbeat then extends <c>offline_mode_at</c>), and a forecast is the
/// grid operator's own newest word; the tick then takes the connection Offline and the sites' limits down.
/// </remarks>
internal sealed class ConnectionGateFilter(IGrainFactory grains) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = OscpRequest.Of(context.HttpContext);
        return await grains.Get<IPeerGrain>(request.PeerId).AcceptsMessagesAsync() ? await next(context) : OscpResponses.NotConnected();
    }
}
