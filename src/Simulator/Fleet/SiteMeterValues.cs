namespace OscpFleet.Simulator.Fleet;

/// <summary>One site's samples in a meter values body (<c>{"groupId","samples":[…]}</c>).</summary>
internal sealed record SiteMeterValues(string GroupId, IReadOnlyList<MeterValueSample> Samples);
