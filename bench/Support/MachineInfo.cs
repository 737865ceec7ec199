using System.Globalization;
using System.Runtime.InteropServices;

namespace OscpFleet.Bench;

/// <summary>The machine line every benchmark result carries: cores, memory, OS, .NET, CPU, and the storage emulator.</summary>
public static class MachineInfo
{
    /// <summary>e.g. <c>2 cores (nproc), 23.5 GiB, Debian GNU/Linux 12 (bookworm), .NET 10.0.12, Intel(R) Xeon(R) …</c>.</summary>
    public static string Describe()
    {
        var parts = new List<string>
        {
            $"{Environment.ProcessorCount} cores (nproc)",
            Memory(),
            OperatingSystem(),
            RuntimeInformation.FrameworkDescription,
        };
        if (Cpu() is { } cpu) parts.Add(cpu);
        parts.Add(OscpFleet.Testing.Azurite.Describe());
        return string.Join(", ", parts);
    }

    private static string Memory()
    {
        var total = Read("/proc/meminfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        if (total is not null && long.TryParse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            return string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0 / 1024.0:0.0} GiB RAM");
        return string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB RAM");
    }

    private static string OperatingSystem()
    {
        var pretty = Read("/etc/os-release")?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        var name = pretty?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
        return $"{name} ({RuntimeInformation.OSArchitecture}, kernel {Environment.OSVersion.Version})";
    }

    private static string? Cpu() =>
        Read("/proc/cpuinfo")?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim();

    private static string? Read(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
