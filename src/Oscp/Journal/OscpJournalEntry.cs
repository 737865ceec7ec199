namespace OscpFleet.Oscp.Journal;

/// <summary>
/// One OSCP message as it crossed the wire, in or out, for the message journal. Carries the raw body (at most
/// <see cref="JournalBodies.MaxBodyBytes"/> bytes of it); it is redacted and turned into text off the request path, by
/// <see cref="JournalBodies.Prepare"/>. Never carries an authorization header.
/// </summary>
/// <param name="At">When the message was received or sent (the product clock, UTC).</param>
/// <param name="Direction"><see cref="JournalDirections.In"/> (a CP called us) or <see cref="JournalDirections.Out"/> (we called a CP).</param>
/// <param name="PeerId">The peer: who called us, or whom we called.</param>
/// <param name="GroupId">The site, when the caller knows it; null: read from the body's <c>group_id</c>, if any.</param>
/// <param name="Message">The OSCP message name, as in its path (<c>update_group_capacity_forecast</c>, <c>register</c>, …).</param>
/// <param name="RequestId">The message's <c>X-Request-ID</c> (for a send, that of its final attempt).</param>
/// <param name="CorrelationId">Its <c>X-Correlation-ID</c>, when it had one.</param>
/// <param name="Status">The HTTP status of the answer; null when no answer came (transport error, timeout).</param>
/// <param name="LatencyMs">From the request's start to the answer, in milliseconds.</param>
/// <param name="Body">The first bytes of the body (UTF-8 JSON); empty when it had none.</param>
/// <param name="BodyTruncated">True when the body was longer than <paramref name="Body"/>.</param>
public sealed record OscpJournalEntry(
    DateTimeOffset At,
    string Direction,
    string PeerId,
    string? GroupId,
    string Message,
    string? RequestId,
    string? CorrelationId,
    int? Status,
    double LatencyMs,
    ReadOnlyMemory<byte> Body,
    bool BodyTruncated);
