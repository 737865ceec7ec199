using System.Text.RegularExpressions;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Observability;

/// <summary>The files under deploy/observability and the metric names their queries use.</summary>
public static partial class ObservabilityAssets
{
    /// <summary>deploy/observability.</summary>
    public static string Folder { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "observability");

    /// <summary>Every Prometheus rule file.</summary>
    public static IReadOnlyList<string> RuleFiles { get; } =
        [.. Directory.GetFiles(Path.Combine(Folder, "alerts"), "*.rules.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Every promtool unit-test file.</summary>
    public static IReadOnlyList<string> RuleTestFiles { get; } =
        [.. Directory.GetFiles(Path.Combine(Folder, "alerts"), "*.rules.test.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Every Grafana dashboard.</summary>
    public static IReadOnlyList<string> Dashboards { get; } =
        [.. Directory.GetFiles(Path.Combine(Folder, "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Metric names a PromQL expression uses (the series selectors; functions, labels and keywords are not names).</summary>
    public static IEnumerable<string> MetricNames(string promql)
    {
        // Drop label matchers and strings first: label values may look like names.
        var bare = LabelMatchers().Replace(StringLiterals().Replace(promql, "\"\""), "{}");
        foreach (Match m in Identifier().Matches(bare))
        {
            var name = m.Value;
            var after = bare[(m.Index + m.Length)..].TrimStart();
            if (after.StartsWith('(')) continue; // a function
            if (Keywords.Contains(name)) continue;
            if (IsGroupingLabel(bare, m.Index)) continue;
            yield return name;
        }
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "offset", "bool", "le", "inf", "nan",
        // Aggregation operators may be followed by "by (...)" instead of their parenthesis.
        "sum", "min", "max", "avg", "count", "group", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values",
    };

    /// <summary>True when the identifier at <paramref name="index"/> sits inside the parentheses of by/without/on/ignoring.</summary>
    private static bool IsGroupingLabel(string promql, int index)
    {
        var open = promql.LastIndexOf('(', index);
        var close = promql.LastIndexOf(')', index);
        if (open < 0 || close > open) return false;
        var before = promql[..open].TrimEnd();
        return GroupingKeyword().IsMatch(before);
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringLiterals();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?![\w])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)$")]
    private static partial Regex GroupingKeyword();

    /// <summary>The alerts of a rule file: name, expression and runbook URL (the files are plain enough to read line by line).</summary>
    public static IReadOnlyList<(string Alert, string Expr, string? RunbookUrl)> Alerts(string ruleFile)
    {
        var alerts = new List<(string, string, string?)>();
        string? alert = null;
        var expr = new List<string>();
        string? runbook = null;
        var inExpr = false;
        var exprIndent = 0;
        foreach (var raw in File.ReadAllLines(ruleFile))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            var indent = line.Length - trimmed.Length;
            if (inExpr && trimmed.Length > 0 && indent <= exprIndent) inExpr = false;
            if (inExpr)
            {
                expr.Add(trimmed);
                continue;
            }
            if (trimmed.StartsWith("- alert:", StringComparison.Ordinal))
            {
                if (alert is not null) alerts.Add((alert, string.Join(" ", expr), runbook));
                alert = trimmed["- alert:".Length..].Trim();
                expr.Clear();
                runbook = null;
            }
            else if (trimmed.StartsWith("expr:", StringComparison.Ordinal))
            {
                var value = trimmed["expr:".Length..].Trim();
                if (value is "|" or ">") { inExpr = true; exprIndent = indent; }
                else expr.Add(value);
            }
            else if (trimmed.StartsWith("runbook_url:", StringComparison.Ordinal))
            {
                runbook = trimmed["runbook_url:".Length..].Trim();
            }
        }
        if (alert is not null) alerts.Add((alert, string.Join(" ", expr), runbook));
        return alerts;
    }
}
