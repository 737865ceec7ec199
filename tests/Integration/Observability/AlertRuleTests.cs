using System.Diagnostics;
using System.Text.RegularExpressions;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Observability;

/// <summary>
/// The Prometheus rules: promtool accepts them, its unit tests (one or more per alert) pass, and every alert links a
/// runbook section that exists. promtool comes from the Debian package <c>prometheus</c>, which ./test.sh installs.
/// </summary>
public sealed class AlertRuleTests
{
    [Fact]
    public void Promtool_accepts_every_rule_file()
    {
        Assert.NotEmpty(ObservabilityAssets.RuleFiles);
        foreach (var file in ObservabilityAssets.RuleFiles)
        {
            var (exit, output) = Promtool("check", "rules", file);
            Assert.True(exit == 0, $"promtool check rules {Path.GetFileName(file)}:\n{output}");
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Promtool_unit_tests_of_the_rules_pass()
    {
        Assert.NotEmpty(ObservabilityAssets.RuleTestFiles);
        foreach (var file in ObservabilityAssets.RuleTestFiles)
        {
            var (exit, output) = Promtool("test", "rules", file);
            Assert.True(exit == 0, $"promtool test rules {Path.GetFileName(file)}:\n{output}");
            Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_alert_is_unit_tested_firing_and_links_a_runbook_section_that_exists()
    {
        var runbook = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "runbook.md"));
        var sections = runbook.Where(l => l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => l[3..].Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var tests = string.Join("\n", ObservabilityAssets.RuleTestFiles.Select(File.ReadAllText));
        var alerts = ObservabilityAssets.RuleFiles.SelectMany(ObservabilityAssets.Alerts).ToList();
        Assert.True(alerts.Count >= 14, $"only {alerts.Count} alerts found");
        foreach (var (alert, expr, runbookUrl) in alerts)
        {
            Assert.False(string.IsNullOrWhiteSpace(expr), $"{alert} has no expression");
            Assert.NotNull(runbookUrl);
            var match = Regex.Match(runbookUrl!, "^docs/runbook\\.md#([a-z0-9-]+)$");
            Assert.True(match.Success, $"{alert}: runbook_url {runbookUrl} does not point into docs/runbook.md");
            Assert.Contains(match.Groups[1].Value, sections);
            // promtool fails a test whose expected alerts differ; an alert never expected firing would be untested.
            Assert.Matches(new Regex($"alertname: {alert}\\s+exp_alerts:\\s+- exp_labels:"), tests);
        }
    }

    private static (int Exit, string Output) Promtool(params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = ObservabilityAssets.Folder };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("promtool is not installed: ./test.sh installs it (Debian package 'prometheus'), or run: apt-get install prometheus", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill();
                throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish in 2 minutes");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
