using System.Text.Json;

namespace OscpFleet.Simulator.Tests.Fleet;

/// <summary>One call the fake gateway received from the fleet simulator.</summary>
/// <param name="Route">onboard, applied or meter-values.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The request path.</param>
/// <param name="ClientId">The client whose bearer token came with it; null when there was none or it was unknown.</param>
/// <param name="ContentType">The Content-Type header, if any.</param>
/// <param name="Body">The raw body.</param>
/// <param name="Status">What the fake answered.</param>
public sealed record FleetApiCall(string Route, string Method, string Path, string? ClientId, string? ContentType, string Body, int Status)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{Method} {Path} ({ClientId}) -> {Status}";
}
