namespace OscpFleet.Gateway.Oscp;

/// <summary>The OSCP request headers (names are case-insensitive: Vector's <c>x-request-id</c> is <c>X-Request-ID</c>).</summary>
internal static class OscpHeaders
{
    public const string RequestId = "X-Request-ID";
    public const string CorrelationId = "X-Correlation-ID";
    private const int MaxLength = 128;

    /// <summary>The single, non-empty value of <paramref name="name"/>, or null when absent, repeated, empty or oversized.</summary>
    public static string? Single(HttpRequest request, string name)
    {
        var values = request.Headers[name];
        return values.Count == 1 && values[0] is { Length: > 0 and <= MaxLength } value && !value.Contains(',', StringComparison.Ordinal)
            ? value
            : null;
    }
}
