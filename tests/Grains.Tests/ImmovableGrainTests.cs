using Orleans.Placement;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Orleans migrates an activation that has requests waiting when its silo retires, carrying its state in Orleans'
/// own serialization. Our grain state is serialized as JSON for Table storage and has no Orleans codec, so such a
/// migration fails after the runtime's response timeout, holding up the stop (measured at 10,000 sites: a silo ran
/// past its 45 s shutdown budget). Every grain with persistent state is therefore immovable: on a stop it
/// deactivates, its waiting requests are forwarded, and the next activation reads its state from storage.
/// </summary>
public sealed class ImmovableGrainTests
{
    [Fact]
    public void Every_grain_with_persistent_state_is_immovable_by_anything()
    {
        var stateful = typeof(SiteGrain).Assembly.GetTypes()
            .Where(t => typeof(Grain).IsAssignableFrom(t) && !t.IsAbstract)
            .Where(t => t.GetConstructors().Any(c => c.GetParameters().Any(p => p.GetCustomAttributes(typeof(PersistentStateAttribute), false).Length > 0)))
            .ToList();

        Assert.Contains(typeof(SiteGrain), stateful);
        Assert.All(stateful, grain =>
        {
            var immovable = grain.GetCustomAttributes(typeof(ImmovableAttribute), false).Cast<ImmovableAttribute>().SingleOrDefault();
            Assert.True(immovable is { Kind: ImmovableKind.Any }, $"{grain.Name} has persistent state but is not [Immovable]");
        });
    }
}
