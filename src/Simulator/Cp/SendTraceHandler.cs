namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Sits inside the outbound client's HTTP pipeline and notes each OSCP request (those carrying
/// <c>X-Request-ID</c>; token requests do not) in the <see cref="SendTrace"/> of the send in progress.
/// </summary>
internal sealed class SendTraceHandler(EventSequence sequence, [FromKeyedServices(SimulatorClock.Key)] TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var trace = SendTrace.Current;
        if (trace is null || !request.Headers.TryGetValues("X-Request-ID", out var ids))
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);

        var attempt = trace.Begin(ids.First(), sequence.Next(), time.GetUtcNow());
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        attempt.Answered(sequence.Next(), time.GetUtcNow());
        return response;
    }
}
