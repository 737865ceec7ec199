using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

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

    /// <summary>Publishes <paramref name="project"/> into <paramref name="directory"/> from this run's build (no rebuild).</summary>
    public static async Task<PublishedImage> PublishAsync(string project, string directory)
    {
        var instructions = Instructions(project);
        var final = instructions.Skip(instructions.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
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

        var environment = new Dictionary<string, string>();
        foreach (var env in final.Where(l => l.StartsWith("ENV ", StringComparison.Ordinal)))
        {
            foreach (Match m in EnvPair().Matches(env[4..])) environment[m.Groups[1].Value] = m.Groups[2].Value;
        }
        var entryPoint = JsonSerializer.Deserialize<string[]>(final.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..])!;
        var workDir = final.Last(l => l.StartsWith("WORKDIR ", StringComparison.Ordinal))["WORKDIR ".Length..].Trim();
        return new PublishedImage(project, directory, workDir, environment, entryPoint, final);
    }

    [GeneratedRegex(@"(\w+)=(\S+)")]
    private static partial Regex EnvPair();
}
