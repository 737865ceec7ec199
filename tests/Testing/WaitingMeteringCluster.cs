namespace OscpFleet.Testing;

/// <summary>The metering cluster with the default wait (60 min) for a period whose data is incomplete.</summary>
public class WaitingMeteringCluster : MeteringCluster
{
    /// <inheritdoc />
    protected override int MaxReportDelayMinutes => 60;
}
