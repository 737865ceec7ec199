namespace OscpFleet.Bench.GridSafety;

/// <summary>
/// Checks, for every minute of the day and every site, the limit commanded (the entry covering the minute in the
/// newest version the CSMS received whose <c>issuedAt</c> is at or before the minute) against the oracle's rule,
/// with the connection lost exactly inside the observed <see cref="LostInterval"/>s.
/// </summary>
internal static class SafetyCheck
{
    /// <summary>Runs the check.</summary>
    public static CheckResult Run(DayWalk walk, IReadOnlyList<SiteSetup> sites)
    {
        var result = new CheckResult();
        foreach (var site in sites)
        {
            var versions = walk.Versions.TryGetValue(site.GroupId, out var received) ? received.Values.ToList() : [];
            result.VersionGaps += versions.Zip(versions.Skip(1)).Count(p => p.Second.Version != p.First.Version + 1);
            Violation? open = null;
            for (var t = walk.Start; t < walk.End; t = t.AddMinutes(1))
            {
                var lost = walk.Lost.Any(l => l.From <= t && t < l.Until);
                var rule = walk.Oracle.At(site.GroupId, t, lost);
                var inForce = versions.LastOrDefault(v => v.IssuedAt <= t);
                var entry = inForce?.Schedule.FirstOrDefault(e => e.From <= t && t < e.To);
                if (inForce is null || entry is null || entry.Value.To == default)
                {
                    result.Uncovered++;
                    continue;
                }
                var commanded = entry.Value.Kw;
                result.Instants++;
                if (rule.Kw == 0) result.ZeroInstants++;
                if (lost)
                {
                    result.LostInstants++;
                    if (rule.Kw < rule.LiveKw - Oracle.Tolerance) result.LostBinding++;
                    if (commanded > rule.FallbackOrBaseKw + Oracle.Tolerance) result.LostAboveFallback++;
                    if (commanded > rule.LiveKw + Oracle.Tolerance) result.LostAboveLive++;
                }
                if (commanded < rule.Kw - Oracle.Tolerance) result.Below++;
                if (commanded > rule.Kw + Oracle.Tolerance)
                {
                    result.Violations++;
                    if (lost) result.ViolationsWhileLost++;
                    if (open is not null && open.Until == t && open.Lost == lost && open.Version == inForce.Version)
                    {
                        open.Until = t.AddMinutes(1);
                        open.MaxExcessKw = Math.Max(open.MaxExcessKw, commanded - rule.Kw);
                    }
                    else
                    {
                        open = new Violation(site.GroupId, t, lost, inForce.Version, inForce.IssuedAt, commanded, rule.Kw, entry.Value.Source) { Until = t.AddMinutes(1), MaxExcessKw = commanded - rule.Kw };
                        result.Runs.Add(open);
                    }
                }
            }
        }
        return result;
    }
}

/// <summary>The check's counts.</summary>
internal sealed class CheckResult
{
    public long Instants { get; set; }
    public long Violations { get; set; }
    public long ViolationsWhileLost { get; set; }
    public long LostInstants { get; set; }
    public long LostBinding { get; set; }
    public long ZeroInstants { get; set; }
    public long LostAboveFallback { get; set; }
    public long LostAboveLive { get; set; }
    public long Below { get; set; }
    public long Uncovered { get; set; }
    public int VersionGaps { get; set; }
    public List<Violation> Runs { get; } = [];
}

/// <summary>A run of violating minutes of one site under one version (first minute's figures).</summary>
internal sealed record Violation(string GroupId, DateTimeOffset From, bool Lost, long Version, DateTimeOffset IssuedAt, double CommandedKw, double RuleKw, string Source)
{
    public DateTimeOffset Until { get; set; }
    public double MaxExcessKw { get; set; }
}
