namespace OscpFleet.Oscp.Limits;

/// <summary>One entry of a limit document's <c>ocpp</c>: the request for one configured charging station.</summary>
/// <param name="ChargingStationId">The station's OCPP id.</param>
/// <param name="SetChargingProfileRequest">What the CSMS sends to it.</param>
public sealed record StationChargingProfile(string ChargingStationId, SetChargingProfileRequest SetChargingProfileRequest);
