namespace OscpFleet.Simulator.Fleet;

/// <summary>One charger now.</summary>
/// <param name="Id">The charging station id.</param>
/// <param name="RatedKw">Its rating.</param>
/// <param name="DemandKw">What its car would draw unlimited.</param>
/// <param name="LimitKw">Its limit in force now; null when nothing limits it.</param>
/// <param name="PowerKw">What it draws now: min(demand, limit).</param>
/// <param name="EnergyWh">Its cumulative import register.</param>
public sealed record ChargerState(string Id, double RatedKw, double DemandKw, double? LimitKw, double PowerKw, double EnergyWh);
