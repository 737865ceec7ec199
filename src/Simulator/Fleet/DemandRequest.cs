namespace OscpFleet.Simulator.Fleet;

/// <summary><c>PUT /sim/fleet/sites/{groupId}/chargers/{chargerId}/demand</c>: what the car would draw, in kW.</summary>
internal sealed record DemandRequest(double Kw);
