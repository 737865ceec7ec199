namespace OscpFleet.Simulator.Fleet;

/// <summary>The body of <c>POST /api/v1/meter-values</c>: <c>{"sites":[{"groupId","samples":[…]}]}</c>.</summary>
internal sealed record MeterValuesBody(IReadOnlyList<SiteMeterValues> Sites);
