namespace OscpFleet.Simulator.Fleet;

/// <summary>One call to make at the gateway.</summary>
internal sealed record GatewayRequest(
    GatewayCallKind Kind, HttpMethod Method, string Path, string? JsonBody, FleetCredentials Credentials, string? GroupId = null, long? Version = null);
