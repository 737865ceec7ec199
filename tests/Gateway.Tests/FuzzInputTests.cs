using OscpFleet.Fuzz;

namespace OscpFleet.Gateway.Tests;

/// <summary>
/// Every seed of the fuzzing corpus (<c>fuzz/corpus/&lt;target&gt;</c>) and every input a fuzzer once crashed a reader
/// with (<c>fuzz/regressions/&lt;target&gt;</c>) goes through its target without an exception: a reader answers any
/// bytes with a value or a list of problems.
/// </summary>
public sealed class FuzzInputTests
{
    public static TheoryData<string, string> Inputs()
    {
        var data = new TheoryData<string, string>();
        var fuzz = Path.Combine(Root(), "fuzz");
        foreach (var folder in new[] { "corpus", "regressions" })
        {
            foreach (var target in Directory.EnumerateDirectories(Path.Combine(fuzz, folder)))
            {
                foreach (var file in Directory.EnumerateFiles(target)) data.Add(Path.GetFileName(target), Path.GetRelativePath(fuzz, file));
            }
        }
        return data;
    }

    [Fact]
    public void Every_target_has_a_seed_corpus_and_every_corpus_folder_a_target()
    {
        var folders = Directory.EnumerateDirectories(Path.Combine(Root(), "fuzz", "corpus")).Select(Path.GetFileName).Order().ToList();

        Assert.Equal(FuzzTargets.All.Keys.Order(), folders);
        Assert.All(folders, f => Assert.NotEmpty(Directory.EnumerateFiles(Path.Combine(Root(), "fuzz", "corpus", f!))));
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public void A_kept_input_goes_through_its_reader_without_an_exception(string target, string file)
    {
        Assert.True(FuzzTargets.All.TryGetValue(target, out var read), $"fuzz/{file}: no target '{target}'");

        read(File.ReadAllBytes(Path.Combine(Root(), "fuzz", file)));
    }

    private static string Root()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OscpFleet.sln"))) return directory.FullName;
        }
        throw new InvalidOperationException($"no OscpFleet.sln above {AppContext.BaseDirectory}");
    }
}
