namespace OscpFleet.Simulator.Cp;

/// <summary>Body of <c>PUT /sim/refuse-tokens</c>.</summary>
/// <param name="Refuse">True: <c>/token</c> answers 401 <c>invalid_client</c> to everyone.</param>
public sealed record RefuseTokensRequest(bool Refuse);
