namespace OscpFleet.Simulator.Fleet;

/// <summary>The simulated sites by group id, in configuration order; registers start at the simulator's start.</summary>
internal sealed class FleetSites
{
    private readonly Dictionary<string, SimulatedSite> _byGroupId;

    public FleetSites(FleetSimulatorOptions options, [FromKeyedServices(SimulatorClock.Key)] TimeProvider time)
    {
        var start = time.GetUtcNow();
        All = [.. options.Sites.Select(s => new SimulatedSite(s, start))];
        _byGroupId = All.ToDictionary(s => s.GroupId, StringComparer.Ordinal);
    }

    public IReadOnlyList<SimulatedSite> All { get; }

    public SimulatedSite? Find(string groupId) => _byGroupId.GetValueOrDefault(groupId);

    /// <summary>The site; <see cref="ArgumentException"/> (a 400 at the control API) when the simulator has none of that id.</summary>
    public SimulatedSite Get(string groupId) =>
        Find(groupId) ?? throw new ArgumentException($"The simulator has no site '{groupId}'.", nameof(groupId));
}
