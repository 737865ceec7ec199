using System.Text.RegularExpressions;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Deploy;

// The Dockerfiles cannot be built here (no base images can be pulled): what can be checked without a container runtime
// is checked here, and DeploymentSmokeTests runs what their build stage publishes.
public sealed class ImageTests
{
    public static TheoryData<string> Projects => new() { "Silo", "Gateway" };

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_final_stage_is_the_aspnet_runtime_as_the_non_root_app_user(string project)
    {
        var instructions = PublishedImage.Instructions(project);
        var stages = instructions.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, stages.Count);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/sdk:10.0 ", stages[0], StringComparison.Ordinal);
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0 ", stages[1], StringComparison.Ordinal);
        var final = instructions.Skip(instructions.IndexOf(stages[1])).ToList();
        Assert.Equal("USER $APP_UID", final.Last(l => l.StartsWith("USER ", StringComparison.Ordinal)));
        // Only the published output is copied from the build stage: no SDK, no sources.
        Assert.Equal(["COPY --from=build /app ."], final.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal)));
        Assert.Equal($"ENTRYPOINT [\"dotnet\", \"OscpFleet.{project}.dll\"]", final.Last());
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void The_restore_layer_copies_every_project_the_app_references(string project)
    {
        var copied = PublishedImage.Instructions(project)
            .Select(l => Regex.Match(l, @"^COPY (src/\S+\.csproj) "))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet();

        Assert.Equal(References($"src/{project}/{project}.csproj").Order(), copied.Order());
    }

    [Fact]
    public void The_build_context_leaves_out_build_output_tests_and_local_state()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, ".dockerignore")).Select(l => l.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", "node_modules/", ".run/", "tests/" }, ignored);
    }

    // The project and every project it references, transitively, as repository paths.
    private static HashSet<string> References(string project)
    {
        var found = new HashSet<string>();
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next)) continue;
            var directory = Path.GetDirectoryName(next)!;
            foreach (Match m in Regex.Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Root, next)), @"ProjectReference Include=""([^""]+)"""))
            {
                var full = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, directory, m.Groups[1].Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryPaths.Root, full).Replace('\\', '/'));
            }
        }
        return found;
    }
}
