using Microsoft.AspNetCore.Builder;

namespace OscpFleet.Testing;

/// <summary>The DOE path (<see cref="DoeCluster"/>) with a silo whose webhook report-backs can be made to fail.</summary>
public class FaultyReportBackCluster : DoeCluster
{
    /// <summary>The fault switch of every silo of this cluster.</summary>
    public ReportBackFaults Faults { get; } = new();

    /// <inheritdoc />
    protected override void ConfigureSilo(WebApplicationBuilder builder) => ReportBackFaults.Register(builder, Faults);
}
