namespace OscpFleet.Oscp.Limits;

/// <summary>A charging station configured at a site, as in the site body's <c>chargers</c>.</summary>
/// <param name="Id">The OCPP charging station id, e.g. <c>CS-001</c>.</param>
/// <param name="RatedKw">Its rated power in kW; the site limit is shared in proportion to it.</param>
public sealed record ChargerRating(string Id, double RatedKw);
