namespace OscpFleet.Grains.Sites;

/// <summary>
/// A request that carried an <c>Idempotency-Key</c> header: the site answers a repeat of it (same endpoint, key and
/// body within 24 h) with the first answer and queues nothing new.
/// </summary>
/// <param name="Endpoint">Which endpoint it came to (<c>capacity-requests</c> or <c>compliance-errors</c>): keys are scoped per site and endpoint.</param>
/// <param name="Key">The header's value (1-255 printable ASCII characters, checked by the gateway).</param>
/// <param name="BodyHash">SHA-256 of the request body (hex): the same key with another body is refused.</param>
[GenerateSerializer, Immutable, Alias("OscpFleet.IdempotentRequest")]
public sealed record IdempotentRequest(
    [property: Id(0)] string Endpoint,
    [property: Id(1)] string Key,
    [property: Id(2)] string BodyHash);
