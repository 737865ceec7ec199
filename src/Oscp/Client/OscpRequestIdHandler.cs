namespace OscpFleet.Oscp.Client;

/// <summary>
/// Gives every HTTP attempt its own <c>X-Request-ID</c> (a new UUID). It sits inside the resilience handler,
/// so a retry of the same request message gets a fresh id; any earlier value is removed first, so exactly one
/// is ever sent whatever the header's casing.
/// </summary>
internal sealed class OscpRequestIdHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Remove(OscpHeaders.RequestId);
        request.Headers.TryAddWithoutValidation(OscpHeaders.RequestId, Guid.NewGuid().ToString("D"));
        return base.SendAsync(request, cancellationToken);
    }
}
