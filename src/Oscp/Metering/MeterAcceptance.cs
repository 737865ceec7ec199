namespace OscpFleet.Oscp.Metering;

/// <summary>What <see cref="MeterAggregation.Accept"/> did with a batch of samples.</summary>
/// <param name="State">The new state.</param>
/// <param name="Accepted">Samples added to the pending set.</param>
/// <param name="Duplicates">Samples dropped because one with the same (charger, time) is pending (the first copy wins).</param>
/// <param name="Late">Samples dropped because their charger had already been accounted past their time.</param>
public sealed record MeterAcceptance(SiteMeterState State, int Accepted, int Duplicates, int Late);
