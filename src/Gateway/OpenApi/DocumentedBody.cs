namespace OscpFleet.Gateway.OpenApi;

/// <summary>Endpoint metadata: the route reads a request body (documented with <c>DocumentBody</c>), so it can answer 413.</summary>
internal sealed class DocumentedBody;
