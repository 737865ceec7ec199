using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>Average cores busy over an interval.</summary>
/// <param name="Self">This process.</param>
/// <param name="Children">Each child process (Azurite's node) by name.</param>
/// <param name="Machine">The whole machine; null without <c>/proc/stat</c>.</param>
public sealed record CpuReport(double Self, IReadOnlyList<(string Name, double Cores)> Children, double? Machine)
{
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
