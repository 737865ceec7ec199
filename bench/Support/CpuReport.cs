using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>Average cores busy over an interval.</summary>
/// <param name="Self">This process.</param>
/// <param name="Children">Each child process by role and pid (<c>Azurite (pid 12)</c>, <c>silo (pid 13)</c>).</param>
/// <param name="Machine">The whole machine; null without <c>/proc/stat</c>.</param>
public sealed record CpuReport(double Self, IReadOnlyList<(string Name, double Cores)> Children, double? Machine)
{
    /// <summary>The interval's length.</summary>
    public TimeSpan Wall { get; init; }

    /// <summary>CPU time this process used over the interval (gateway, silos, simulators and the load generator).</summary>
    public TimeSpan SelfCpu { get; init; }

    /// <summary>Bytes this process allocated over the interval (every thread; <c>GC.GetTotalAllocatedBytes</c>).</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>
    /// This process's CPU milliseconds and allocated KiB per item over the interval (<paramref name="count"/> forecasts):
    /// the machine-independent cost of one, unlike a rate on a busy machine.
    /// </summary>
    public string PerItem(int count) => count == 0
        ? "n/a"
        : string.Create(CultureInfo.InvariantCulture, $"{SelfCpu.TotalMilliseconds / count:0.00} ms CPU and {AllocatedBytes / 1024.0 / count:0.0} KiB allocated");

    /// <summary>
    /// CPU milliseconds per item (<paramref name="count"/> forecasts) of this process (<paramref name="self"/> says what
    /// it does) and of the children by role (the silos together, the gateways together, Azurite), and their sum: where
    /// one forecast's work went across the deployment, e.g. <c>bench process 0.38, Azurite 1.14, 3 silos 1.41: 2.93 ms</c>.
    /// </summary>
    public string PerItemByRole(int count, string self)
    {
        if (count == 0) return "n/a";
        double Ms(double cores) => cores * Wall.TotalMilliseconds / count;
        var roles = new List<(string Name, double Ms)> { (self, Ms(Self)) };
        foreach (var group in Children.GroupBy(c => c.Name.Split(" (", 2)[0], StringComparer.Ordinal))
            roles.Add((group.Count() > 1 ? $"{group.Count()} {group.Key}s" : group.Key, Ms(group.Sum(c => c.Cores))));
        return string.Join(", ", roles.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Name} {r.Ms:0.00}")))
            + string.Create(CultureInfo.InvariantCulture, $": {roles.Sum(r => r.Ms):0.00} ms");
    }

    /// <summary>What the rest of the machine used meanwhile (other users of a shared box); null when unknown.</summary>
    public double? Others => Machine is { } machine ? Math.Max(0, machine - Self - Children.Sum(c => c.Cores)) : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string> { Format("bench process", Self) };
        parts.AddRange(Children.Select(c => Format(c.Name, c.Cores)));
        if (Others is { } others) parts.Add(Format("anything else", others));
        if (Machine is { } machine) parts.Add(Format("whole machine", machine));
        return string.Join(", ", parts);
    }

    private static string Format(string name, double cores) => string.Create(CultureInfo.InvariantCulture, $"{name} {cores:0.00}");
}
