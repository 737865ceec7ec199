using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace OscpFleet.Testing;

/// <summary>
/// What an image of <c>src/&lt;Project&gt;/Dockerfile</c> would hold, without a container runtime: the app published with
/// <c>dotnet publish</c> (as the Dockerfile's build stage does), and the final stage's working directory, environment and
/// entry point read from the Dockerfile.
/// </summary>
public sealed partial class PublishedImage
{
    private PublishedImage(string project, string publishDirectory, string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> entryPoint, IReadOnlyList<string> finalStage)
    {
        Project = project;
        PublishDirectory = publishDirectory;
        WorkingDirectory = workingDirectory;
        Environment = environment;
        EntryPoint = entryPoint;
        FinalStage = finalStage;
    }

    /// <summary>The project (<c>Silo</c>, <c>Gateway</c>).</summary>
    public string Project { get; }

    /// <summary>Where the app was published.</summary>
    public string PublishDirectory { get; }

    /// <summary>The final stage's WORKDIR.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The final stage's ENV.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The final stage's ENTRYPOINT (exec form).</summary>
    public IReadOnlyList<string> EntryPoint { get; }

    /// <summary>The final stage's instructions, one per line (continuations joined).</summary>
    public IReadOnlyList<string> FinalStage { get; }

    /// <summary>The Dockerfile's instructions, continuations joined, comments dropped.</summary>
    public static List<string> Instructions(string project) =>
        File.ReadAllText(Path.Combine(RepositoryPaths.Root, "src", project, "Dockerfile"))
            .Replace("\\\n", " ", StringComparison.Ordinal)
            .Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<PublishedImage>>> Cache = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="project"/> published once for this build and reused: by every test of a run, and by later runs
    /// (test runs, benchmarks) of the same build. The folder under the temporary directory is named after the build's
    /// product assemblies (their sizes and write times, as copied next to this harness), so a new build publishes again and
    /// older publishes of the project are removed. Each checkout has its own folder (named after its path), so two checkouts
    /// testing at once on one machine never remove each other's publish while its processes run. A publish goes to a
    /// scratch folder first and is renamed into place.
    /// </summary>
    public static Task<PublishedImage> CachedAsync(string project) =>
        Cache.GetOrAdd(project, p => new Lazy<Task<PublishedImage>>(() => PublishCachedAsync(p))).Value;

    private static async Task<PublishedImage> PublishCachedAsync(string project)
    {
        var checkout = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(RepositoryPaths.Root)))[..12].ToLowerInvariant();
        var root = Path.Combine(Path.GetTempPath(), "oscpfleet-publish", checkout);
        var stamp = BuildStamp();
        var directory = Path.Combine(root, $"{project}-{stamp}");
        if (!File.Exists(Path.Combine(directory, $"OscpFleet.{project}.dll")))
        {
            var scratch = Path.Combine(root, $"scratch-{project}-{Guid.NewGuid():N}");
            await PublishAsync(project, scratch);
            foreach (var old in Directory.EnumerateDirectories(root, $"{project}-*"))
            {
                if (old == directory) continue;
                try { Directory.Delete(old, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
            try
            {
                Directory.Move(scratch, directory);
            }
            catch (IOException) when (File.Exists(Path.Combine(directory, $"OscpFleet.{project}.dll")))
            {
                // Another process of the same build got there first: use its publish.
                Directory.Delete(scratch, recursive: true);
            }
        }
        return await PublishAsync(project, directory, publish: false);
    }

    private static string BuildStamp()
    {
        // The product's assemblies (one per project under src/), as this build copied them next to the harness.
        var parts = Directory.EnumerateDirectories(Path.Combine(RepositoryPaths.Root, "src"))
            .Select(d => Path.Combine(AppContext.BaseDirectory, $"OscpFleet.{Path.GetFileName(d)}.dll"))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .Select(f => $"{Path.GetFileName(f)}:{new FileInfo(f).Length}:{File.GetLastWriteTimeUtc(f).Ticks}");
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', parts)));
        return Convert.ToHexString(hash)[..16].ToLowerInvariant();
    }

    /// <summary>Publishes <paramref name="project"/> into <paramref name="directory"/> from this run's build (no rebuild).</summary>
    public static async Task<PublishedImage> PublishAsync(string project, string directory) => await PublishAsync(project, directory, publish: true);

    private static async Task<PublishedImage> PublishAsync(string project, string directory, bool publish)
    {
        if (publish) await RunPublishAsync(project, directory);
        var instructions = Instructions(project);
        var final = instructions.Skip(instructions.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var environment = new Dictionary<string, string>();
        foreach (var env in final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match m in EnvPair().Matches(env[4..])) environment[m.Groups[1].Value] = m.Groups[2].Value;
        }
        var entryPoint = JsonSerializer.Deserialize<string[]>(final.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
        var workDir = final.Last(l => l.StartsWith("WORKDIR ", StringComparison.Ordinal))["WORKDIR ".Length..].Trim();
        return new PublishedImage(project, directory, workDir, environment, entryPoint, final);
    }

    private static async Task RunPublishAsync(string project, string directory)
    {
        var configuration = typeof(PublishedImage).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(RepositoryPaths.Root, "src", project, project + ".csproj"), "--no-build", "-c", configuration, "-o", directory, "-nologo", "-p:UseAppHost=false" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        if (process.ExitCode != 0) throw new InvalidOperationException($"dotnet publish {project} failed ({process.ExitCode}):\n{await output}\n{await error}");
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
