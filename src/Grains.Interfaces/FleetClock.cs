namespace OscpFleet.Grains;

/// <summary>
/// The product's own clock is a keyed <see cref="TimeProvider"/> so tests can replace it with a fake clock
/// while the Orleans runtime (membership, reminders) keeps the system clock: a fake default clock would
/// stall the runtime's own loops.
/// </summary>
public static class FleetClock
{
    /// <summary>Service key of the product clock: inject <c>[FromKeyedServices(FleetClock.Key)] TimeProvider</c>.</summary>
    public const string Key = "oscpfleet-clock";
}
