namespace OscpFleet.Simulator.Fleet;

/// <summary>One site now.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="Onboarding">Where its onboarding stands.</param>
/// <param name="AppliedVersion">The newest limit version applied; null before any.</param>
/// <param name="Reason">That version's <c>reason</c>.</param>
/// <param name="EmergencyStop">That version's <c>emergencyStop</c>.</param>
/// <param name="AppliedAt">When it was applied (simulator clock).</param>
/// <param name="LimitKw">The site limit in force now; null when nothing limits the site.</param>
/// <param name="DrawingKw">What the chargers draw together now.</param>
/// <param name="Chargers">Each charger.</param>
public sealed record SiteState(
    string GroupId,
    OnboardingState Onboarding,
    long? AppliedVersion,
    string? Reason,
    bool EmergencyStop,
    DateTimeOffset? AppliedAt,
    double? LimitKw,
    double DrawingKw,
    IReadOnlyList<ChargerState> Chargers)
{
    /// <summary>One charger by id; throws when the site has none of that id.</summary>
    public ChargerState Charger(string id) =>
        Chargers.FirstOrDefault(c => c.Id == id) ?? throw new ArgumentException($"Site {GroupId} has no charger '{id}'.", nameof(id));
}
