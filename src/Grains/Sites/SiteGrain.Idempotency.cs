using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// <c>Idempotency-Key</c>s of capacity requests and compliance errors: remembered with their first answer in the outbox
/// row (written together with the message they queued), scoped per site and endpoint, forgotten after 24 h by the
/// product clock or when more than <see cref="IdempotencyKeys.MaxPerSite"/> are held.
/// </summary>
public sealed partial class SiteGrain
{
    /// <inheritdoc />
    public Task<OutboxOutcome?> RecallIdempotentAsync(IdempotentRequest request, string? csms = null) =>
        Task.FromResult(!Exists ? null : ServedBy(csms) ? Recall(request) : new OutboxOutcome(OutboxStatus.OtherCsms));

    /// <summary>
    /// The answer to give instead of handling the request: the first answer for a repeat of the same key and body, a
    /// refusal for the same key with another body; null for a request without a key or with a key not seen in 24 h.
    /// </summary>
    private OutboxOutcome? Recall(IdempotentRequest? request)
    {
        if (request is null) return null;
        var kept = outboxRow.State.IdempotencyKeys;
        IdempotencyKeys.Prune(kept, k => k.At, Now);
        var earlier = kept.Find(k => k.Endpoint == request.Endpoint && k.Key == request.Key);
        if (earlier is null) return null;
        if (earlier.BodyHash == request.BodyHash) return earlier.Outcome();
        LogIdempotencyKeyReused(GroupId, request.Endpoint);
        return new OutboxOutcome(OutboxStatus.KeyReused, Detail:
            $"the {IdempotencyKeys.Header} was already used with a different request body on this endpoint within the last "
            + $"{IdempotencyKeys.KeptFor.TotalHours:0} h; nothing was queued (use a new key for a new request)");
    }

    /// <summary>Remembers the answer to <paramref name="request"/> (the caller writes the outbox row); returns <paramref name="outcome"/>.</summary>
    private OutboxOutcome Remember(IdempotentRequest? request, OutboxOutcome outcome)
    {
        if (request is null) return outcome;
        var kept = outboxRow.State.IdempotencyKeys;
        kept.Add(new IdempotencyRecord
        {
            Endpoint = request.Endpoint,
            Key = request.Key,
            BodyHash = request.BodyHash,
            At = Now,
            Status = outcome.Status,
            MessageId = outcome.MessageId,
            CorrelationId = outcome.CorrelationId,
            Detail = outcome.Detail,
        });
        var pushedOut = IdempotencyKeys.Prune(kept, k => k.At, Now);
        if (pushedOut > 0) LogIdempotencyKeysPushedOut(GroupId, pushedOut, IdempotencyKeys.MaxPerSite);
        return outcome;
    }
}
