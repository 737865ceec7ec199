using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OscpFleet.Grains.Outbound;

/// <summary>
/// Places a grain on the silo that has been in the cluster longest. For the peer grain (one per OSCP connection): by
/// default Orleans prefers the silo with the most room, and in a rolling restart that is the one just started, which
/// is still compiling its code and activating the thousands of sites it took over. A 10,000-site run placed the
/// connection there; its heartbeats waited past their expiry and the CP's <c>offline_mode_at</c> passed (the connection
/// went Offline). A settled silo answers at once; the connection moves again only when that silo stops.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class SettledSiloPlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static SettledSiloPlacement Singleton { get; } = new();
}

/// <summary>Marks a grain class for <see cref="SettledSiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SettledSiloPlacementAttribute() : PlacementAttribute(SettledSiloPlacement.Singleton);

/// <summary>Chooses the compatible silo with the oldest generation (its start), the lowest address on a tie.</summary>
public sealed class SettledSiloPlacementDirector : IPlacementDirector
{
    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(Oldest(context.GetCompatibleSilos(target)));
    }

    /// <summary>The silo of <paramref name="silos"/> that started first.</summary>
    public static SiloAddress Oldest(IReadOnlyList<SiloAddress> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0) throw new OrleansException("no compatible silo to place the grain on");
        return silos.OrderBy(s => s.Generation).ThenBy(s => s.ToParsableString(), StringComparer.Ordinal).First();
    }
}
