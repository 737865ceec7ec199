using System.Diagnostics;
using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>
/// CPU time between two instants of this process (in bench/Doe silo, gateway, simulators and the load generator all
/// live here), of its child processes (Azurite's node; in bench/Fleet also the silo and gateway processes, each named
/// by its role) and of the whole machine, to see what saturates and whether anything else ran meanwhile. Linux only
/// (<c>/proc</c>); elsewhere only this process is reported.
/// </summary>
public sealed class CpuUsage
{
    private const int MachineKey = -1;

    private readonly long startedAt;
    private readonly long allocatedAt;
    private readonly Dictionary<int, (string Name, TimeSpan Cpu)> start;

    private CpuUsage(long startedAt, long allocatedAt, Dictionary<int, (string Name, TimeSpan Cpu)> start)
    {
        this.startedAt = startedAt;
        this.allocatedAt = allocatedAt;
        this.start = start;
    }

    /// <summary>Samples now.</summary>
    public static CpuUsage Start() => new(Stopwatch.GetTimestamp(), GC.GetTotalAllocatedBytes(precise: true), Sample());

    /// <summary>Average cores busy since <see cref="Start"/>.</summary>
    public CpuReport Stop()
    {
        var wall = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedAt;
        var end = Sample();
        double Cores(int key) => (end[key].Cpu - start[key].Cpu).TotalSeconds / wall;
        var self = Cores(Environment.ProcessId);
        var children = end.Keys.Where(k => k != Environment.ProcessId && k != MachineKey && start.ContainsKey(k))
            .Select(k => (end[k].Name, Cores(k))).ToList();
        double? machine = end.ContainsKey(MachineKey) && start.ContainsKey(MachineKey) ? Cores(MachineKey) : null;
        return new CpuReport(self, children, machine)
        {
            Wall = TimeSpan.FromSeconds(wall),
            SelfCpu = end[Environment.ProcessId].Cpu - start[Environment.ProcessId].Cpu,
            AllocatedBytes = allocated,
        };
    }

    private static Dictionary<int, (string Name, TimeSpan Cpu)> Sample()
    {
        var result = new Dictionary<int, (string, TimeSpan)>();
        using (var self = Process.GetCurrentProcess()) result[self.Id] = ("bench process", self.TotalProcessorTime);
        try
        {
            if (MachineBusy() is { } busy) result[MachineKey] = ("whole machine", busy);
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)) continue;
                try
                {
                    // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so parse after the last ')'.
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (int.Parse(fields[1], CultureInfo.InvariantCulture) != Environment.ProcessId) continue;
                    using var child = Process.GetProcessById(pid);
                    result[pid] = ($"{Role(File.ReadAllText(Path.Combine(dir, "cmdline")), child.ProcessName)} (pid {pid})", child.TotalProcessorTime);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException)
                {
                    // Gone or unreadable: not ours.
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No /proc: this process only.
        }
        return result;
    }

    /// <summary>What a child process is, from its command line (<c>/proc/&lt;pid&gt;/cmdline</c>, arguments NUL-separated).</summary>
    internal static string Role(string commandLine, string processName) =>
        commandLine.Contains("OscpFleet.Silo", StringComparison.Ordinal) ? "silo"
        : commandLine.Contains("OscpFleet.Gateway", StringComparison.Ordinal) ? "gateway"
        : commandLine.Contains("azurite", StringComparison.OrdinalIgnoreCase) ? "Azurite"
        : processName;

    // /proc/stat's first line: "cpu user nice system idle iowait irq softirq steal ..." in clock ticks (USER_HZ, 100 on Linux).
    private static TimeSpan? MachineBusy()
    {
        if (!File.Exists("/proc/stat")) return null;
        var first = File.ReadLines("/proc/stat").FirstOrDefault();
        if (first is null || !first.StartsWith("cpu ", StringComparison.Ordinal)) return null;
        var ticks = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        return TimeSpan.FromSeconds((ticks.Sum() - ticks[3] - ticks[4]) / 100.0);
    }
}
