namespace OscpFleet.Testing;

/// <summary>Finds files of the repository from a test run, wherever the build output went.</summary>
public static class RepositoryPaths
{
    /// <summary>The directory holding <c>OscpFleet.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        var built = typeof(RepositoryPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(Path.Combine(built, "OscpFleet.sln"))) return built;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OscpFleet.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"OscpFleet.sln not found above {AppContext.BaseDirectory}");
    }
}
