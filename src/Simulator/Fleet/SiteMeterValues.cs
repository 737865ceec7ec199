using OscpFleet.Oscp.Metering;

namespace OscpFleet.Simulator.Fleet;

/// <summary>One site's samples in a meter values body (<c>chargerId</c>, <c>at</c>, <c>energyWh</c>, <c>powerW</c>).</summary>
internal sealed record SiteMeterValues(string GroupId, IReadOnlyList<MeterSample> Samples);
