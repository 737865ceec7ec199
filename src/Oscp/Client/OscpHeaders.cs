namespace OscpFleet.Oscp.Client;

/// <summary>The request headers OSCP defines (docs/protocol.md, "Headers") and which of them the client owns.</summary>
internal static class OscpHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string CorrelationId = "X-Correlation-ID";
    public const string JsonMediaType = "application/json";

    // Set by the client itself on every request: a static header must never add a second value (Vector lists
    // x-request-id among its "static" headers, but it has to be a new UUID per request).
    private static readonly string[] Reserved = [RequestId, CorrelationId, "Authorization", "Content-Type", "Content-Length", "Host"];

    public static bool IsReserved(string name) => Reserved.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase);
}
