namespace OscpFleet.Simulator;

/// <summary>
/// The simulators' clock: a keyed <see cref="TimeProvider"/>, so tests can give the simulator a fake clock
/// (tokens expire, heartbeats and forecasts fire when the test advances it) without also faking the clock of
/// everything else in the process.
/// </summary>
public static class SimulatorClock
{
    /// <summary>The service key of the simulators' <see cref="TimeProvider"/>.</summary>
    public const string Key = "oscpfleet-simulator-clock";
}
