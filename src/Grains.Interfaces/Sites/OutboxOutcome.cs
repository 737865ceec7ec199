namespace OscpFleet.Grains.Sites;

/// <summary>What a site did with a message for its CP (a capacity request or a compliance error).</summary>
/// <param name="Status">The verdict.</param>
/// <param name="MessageId">The outbox id of the queued message (or of the one it duplicates).</param>
/// <param name="CorrelationId">For a compliance error: the request id of the forecast it names (its <c>X-Correlation-ID</c>); null when none.</param>
/// <param name="Detail">A short reason for the operator, e.g. why it is a duplicate.</param>
[GenerateSerializer, Immutable, Alias("OscpFleet.OutboxOutcome")]
public sealed record OutboxOutcome(
    [property: Id(0)] OutboxStatus Status,
    [property: Id(1)] long? MessageId = null,
    [property: Id(2)] string? CorrelationId = null,
    [property: Id(3)] string? Detail = null);

/// <summary>The verdict on a message for the CP.</summary>
[GenerateSerializer]
public enum OutboxStatus
{
    /// <summary>Persisted in the site's outbox; it goes to the CP as soon as the connection allows: 202.</summary>
    Queued = 0,

    /// <summary>No such site, or disabled: 404.</summary>
    UnknownSite = 1,

    /// <summary>A compliance error for the same forecast and period was already queued or sent: 200, nothing new queued.</summary>
    Duplicate = 2,

    /// <summary>The request's <c>Idempotency-Key</c> was used with another body on this endpoint within 24 h: 422, nothing queued.</summary>
    KeyReused = 3,

    /// <summary>The site is served by another CSMS than the one the caller speaks for: 403, nothing queued or recalled.</summary>
    OtherCsms = 4,
}
