using System.Text;
using System.Text.RegularExpressions;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Docs;

/// <summary>
/// The documentation is the repository's own: every relative link and anchor in every Markdown file resolves inside
/// the repository, and nothing cites working notes that live outside it.
/// </summary>
public sealed partial class DocumentationTests
{
    private static readonly string[] SkippedDirectories = ["node_modules", "bin", "obj", "artifacts", ".git", ".run"];

    [Fact]
    public void Every_relative_link_and_anchor_in_the_markdown_resolves_inside_the_repository()
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(RepositoryPaths.Root));
        var files = Files(root, "*.md").ToList();
        var problems = new List<string>();
        var checkedLinks = 0;

        foreach (var file in files)
        {
            foreach (var (line, target) in Links(File.ReadAllLines(file)))
            {
                if (Regex.IsMatch(target, "^[a-z][a-z0-9+.-]*:", RegexOptions.IgnoreCase)) continue; // http:, https:, mailto:
                checkedLinks++;
                var hash = target.IndexOf('#', StringComparison.Ordinal);
                var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
                var anchor = hash < 0 ? null : target[(hash + 1)..];
                var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
                var where = $"{Path.GetRelativePath(root, file)}:{line}: {target}";
                if (!resolved.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && resolved != root)
                    problems.Add($"{where} points outside the repository");
                else if (!File.Exists(resolved) && !Directory.Exists(resolved))
                    problems.Add($"{where} names nothing that exists");
                else if (anchor is not null && resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !Anchors(File.ReadAllLines(resolved)).Contains(anchor))
                    problems.Add($"{where} names no heading of {Path.GetFileName(resolved)}");
            }
        }

        Assert.True(files.Count >= 10, $"only {files.Count} Markdown files found under {root}");
        Assert.True(checkedLinks >= 100, $"only {checkedLinks} relative links checked");
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Nothing_cites_working_notes_outside_the_repository()
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(RepositoryPaths.Root));
        // Built from parts so this file does not cite them itself.
        string[] outside = ["../" + "shared", "contract" + ".md", "vector-profile" + ".md", "platform-notes" + ".md", "oscp-2.0" + ".md", "style" + ".md"];
        var problems = new List<string>();
        foreach (var pattern in new[] { "*.md", "*.cs", "*.sh", "*.json", "*.yaml", "*.csproj", "*.props" })
        {
            foreach (var file in Files(root, pattern))
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    foreach (var name in outside.Where(n => lines[i].Contains(n, StringComparison.OrdinalIgnoreCase)))
                        problems.Add($"{Path.GetRelativePath(root, file)}:{i + 1}: cites {name}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [InlineData("Heartbeats and offline_mode_at", "heartbeats-and-offline_mode_at")]
    [InlineData("A forecast's path: CP → limit in force", "a-forecasts-path-cp--limit-in-force")]
    [InlineData("Plain OSCP: `Authorization: Token`", "plain-oscp-authorization-token")]
    public void Anchors_follow_the_github_rule(string heading, string anchor) => Assert.Equal(anchor, Slug(heading));

    private static IEnumerable<string> Files(string root, string pattern) =>
        Directory.EnumerateFiles(root, pattern, SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(SkippedDirectories.Contains));

    /// <summary>Inline links outside code fences and code spans, with their line numbers.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        var fenced = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (fenced) continue;
            var text = CodeSpan().Replace(lines[i], "");
            foreach (Match m in Link().Matches(text)) yield return (i + 1, m.Groups[1].Value);
        }
    }

    /// <summary>The anchors GitHub gives a file's headings (a repeated heading gets -1, -2, …).</summary>
    private static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (fenced) continue;
            if (Heading().Match(line) is not { Success: true } heading) continue;
            var slug = Slug(heading.Groups[1].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }

    private static string Slug(string heading)
    {
        var text = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c) || c is '_' or '-') text.Append(c);
            else if (c == ' ') text.Append('-');
        }
        return text.ToString();
    }

    [GeneratedRegex(@"(?<!!)\[(?:[^\]]*)\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"^#{1,6}\s+(.*?)\s*#*\s*$")]
    private static partial Regex Heading();
}
