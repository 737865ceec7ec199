namespace OscpFleet.Simulator.Cp;

/// <summary>Body of <c>PUT /sim/silent</c>.</summary>
/// <param name="Silent">True: send nothing (no heartbeat, acknowledge or forecast).</param>
/// <param name="AnswerStatus">While silent, also answer every OSCP call with this status instead of handling it; null keeps answering normally.</param>
public sealed record SilenceRequest(bool Silent, int? AnswerStatus = null);
