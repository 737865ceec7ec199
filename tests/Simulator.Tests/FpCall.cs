using System.Text.Json;

namespace OscpFleet.Simulator.Tests;

/// <summary>One call the fake FP received from the simulator.</summary>
public sealed record FpCall(
    string Message,
    IReadOnlyList<string> RequestIds,
    string? CorrelationId,
    string? Authorization,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int Status)
{
    /// <summary>The single <c>X-Request-ID</c> (throws when there were none or several).</summary>
    public string RequestId => RequestIds.Single();

    /// <summary>The body parsed.</summary>
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    /// <inheritdoc />
    public override string ToString() => $"{Message} {string.Join(",", RequestIds)} -> {Status}";
}
