using System.Globalization;

namespace OscpFleet.Bench.GridSafety;

/// <summary>The results as Markdown tables, ready for docs/benchmarks.md.</summary>
internal static class SafetyReport
{
    /// <summary>The latency table (emergency stop against ordinary forecasts of the same run) and the day's figures.</summary>
    public static string Render(DayWalk walk, CheckResult check, Latency emergency, Latency ordinary, BenchOptions options)
    {
        var c = walk.Counters;
        var loss = Latency.Of(walk.LossSettleMs);
        var lostMinutes = walk.Lost.Sum(l => (l.Until - l.From).TotalMinutes);
        var lines = new List<string>
        {
            "| receipt → webhook (wall clock) | emergency stop (all-zero) | baseline: ordinary forecasts | ratio (emergency/baseline) |",
            "| --- | ---: | ---: | ---: |",
            $"| webhooks measured | {emergency.Count} | {ordinary.Count} | |",
            Row("p50 (ms)", emergency.P50, ordinary.P50),
            Row("p99 (ms)", emergency.P99, ordinary.P99),
            Row("max (ms)", emergency.Max, ordinary.Max),
            "",
            "| the simulated day | |",
            "| --- | ---: |",
            $"| sites × product-clock minutes checked | {check.Instants:N0} |",
            $"| **violations** (commanded > rule + 1e-6 kW) | **{check.Violations}** |",
            $"| … of which while lost | {check.ViolationsWhileLost} |",
            $"| site-minutes while lost | {check.LostInstants:N0} |",
            $"| … where the rule is below the live limit (the loss binds) | {check.LostBinding:N0} |",
            $"| … commanded above the fallback/base DOE | {check.LostAboveFallback} |",
            $"| … commanded above the live limit | {check.LostAboveLive} |",
            $"| site-minutes where the rule is 0 kW (emergency stop or zero block) | {check.ZeroInstants:N0} |",
            $"| site-minutes commanded below the rule (conservative) | {check.Below} |",
            $"| site-minutes without a commanded limit | {check.Uncovered} |",
            $"| forecasts accepted (204) | {c.Accepted} ({c.Emergencies} all-zero) |",
            $"| forecasts refused 409 (not Online / lost) | {c.Refused409} |",
            $"| other refusals | {c.OtherRefusals} |",
            $"| forecasts not sent (CP silent) | {c.NotSentWhileSilent} |",
            $"| accepted without a new version (limits unchanged) | {c.NoNewVersion} |",
            $"| limit versions received by the CSMS | {walk.Versions.Values.Sum(v => v.Count)} ({check.VersionGaps} version gaps) |",
            $"| connection drops (scripted / unscripted) | {c.Drops} / {c.UnscriptedLosses}, lost {lostMinutes:0} min in all |",
            $"| loss → every site's lost version delivered, p50 / max (ms) | {F(loss.P50)} / {F(loss.Max)} |",
            $"| CP re-handshakes while online: new versions / with a kW change | {c.Rehandshakes}: {c.VersionsByRehandshake} / {walk.RehandshakeLimitChanges().Count} |",
            $"| peer lost, then live again without a handshake | {c.Revivals} |",
            $"| expected webhooks missing | {c.MissingWebhooks} |",
            "",
            string.Create(CultureInfo.InvariantCulture, $"{options.Sites} sites, {options.Hours} h of product clock in {options.StepMinutes}-minute steps, seed {options.Seed}, heartbeat asked of the CP {options.HeartbeatSeconds} s."),
        };
        return ResultTable.Join(lines);
    }

    private static string Row(string metric, double emergency, double baseline) =>
        $"| {metric} | {F(emergency)} | {F(baseline)} | {(double.IsFinite(emergency) && double.IsFinite(baseline) && baseline > 0 ? (emergency / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×" : "n/a")} |";

    private static string F(double value) => ResultTable.Format(value, "0.0");
}
