namespace OscpFleet.Grains;

/// <summary>
/// References to string-keyed grains on the hot path (a forecast, an "applied" confirmation, the connection gate)
/// without the reflection Orleans 10's <c>GetGrain&lt;T&gt;(string)</c> does on every call: it resolves the interface's
/// grain interface type from its attributes each time. The grain type and interface type of each grain interface
/// are taken once from the first reference and every later reference is built from them, which is what
/// <c>GetGrain&lt;T&gt;</c> itself does after resolving. Both types are fixed by the assemblies, the same for every
/// cluster client and silo in the process.
/// </summary>
public static class GrainReferences
{
    /// <summary>The grain of <typeparamref name="TGrain"/> with key <paramref name="key"/>; the same reference <c>GetGrain&lt;TGrain&gt;(key)</c> returns.</summary>
    public static TGrain Get<TGrain>(this IGrainFactory grains, string key)
        where TGrain : IGrainWithStringKey
    {
        if (Types<TGrain>.Resolved is { } types)
            return (TGrain)grains.GetGrain(GrainId.Create(types.GrainType, key), types.InterfaceType);
        var grain = grains.GetGrain<TGrain>(key);
        if (grain is GrainReference reference) Types<TGrain>.Resolved = new(reference.GrainId.Type, reference.InterfaceType);
        return grain;
    }

    private static class Types<TGrain>
    {
        public static ResolvedTypes? Resolved;
    }

    private sealed record ResolvedTypes(GrainType GrainType, GrainInterfaceType InterfaceType);
}
