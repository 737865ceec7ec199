namespace OscpFleet.Oscp.Limits;

/// <summary>OCPP 2.0.1 <c>ChargingSchedulePeriodType</c>, as far as a station maximum profile uses it.</summary>
/// <param name="StartPeriod">Seconds from the schedule's <c>startSchedule</c>.</param>
/// <param name="Limit">The station's limit in the schedule's rate unit (W); whole watts when we build it.</param>
public sealed record ChargingSchedulePeriod(int StartPeriod, double Limit);
