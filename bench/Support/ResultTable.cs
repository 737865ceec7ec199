using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>
/// The Markdown pieces every benchmark's result tables are made of (metric | OscpFleet | baseline | ratio), ready for
/// docs/benchmarks.md, and the machine-readable last line (<c>RESULT name key=value …</c>) tools outside the repository parse.
/// </summary>
public static class ResultTable
{
    /// <summary>The header of a metric | OscpFleet | baseline | ratio table.</summary>
    public const string Header = "| metric | OscpFleet | baseline | ratio (OscpFleet/baseline) |";

    /// <summary>The alignment row of a four-column table (metric left, figures right).</summary>
    public const string Align = "| --- | ---: | ---: | ---: |";

    /// <summary>Lines joined into one block of text.</summary>
    public static string Join(IEnumerable<string> lines) => string.Join(Environment.NewLine, lines);

    /// <summary>A row: the metric, both figures in <paramref name="format"/> and their <see cref="Ratio"/>.</summary>
    public static string Row(string metric, double fleet, double baseline, string format) =>
        $"| {metric} | {Format(fleet, format)} | {Format(baseline, format)} | {Ratio(fleet, baseline)} |";

    /// <summary><paramref name="fleet"/> / <paramref name="baseline"/> as <c>1.23×</c> (<c>12.3×</c> from 10), or n/a.</summary>
    public static string Ratio(double fleet, double baseline) =>
        double.IsFinite(fleet) && double.IsFinite(baseline) && baseline > 0 ? Format(fleet / baseline, fleet / baseline < 10 ? "0.00" : "0.0") + "×" : "n/a";

    /// <summary>A figure in <paramref name="format"/> (invariant culture), or n/a when there is none or it is not finite.</summary>
    public static string Format(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";

    /// <summary>The last line of a run: <c>RESULT <paramref name="name"/> key=value …</c>, the values as given.</summary>
    public static string ResultLine(string name, params (string Key, string Value)[] values) =>
        $"RESULT {name} {string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"))}";
}
