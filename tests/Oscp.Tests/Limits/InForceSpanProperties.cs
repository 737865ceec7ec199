using CsCheck;
using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// Superseded versions keep only the entries of the span in which they were in force: every question asked of the
/// versions — the version and entry in force at an instant, the limit's history, the limits over a period — answers
/// the same as with the whole schedules, and the newest version is untouched.
/// </summary>
public sealed class InForceSpanProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // A version: minutes since the previous issue (0 = issued at the same instant), then its entries' lengths and kW.
    private static readonly Gen<(int Gap, (int Length, int Kw, int Source)[] Entries)> GenVersion =
        Gen.Select(Gen.Int[0, 120], Gen.Select(Gen.Int[1, 180], Gen.Int[0, 3], Gen.Int[0, 2]).Array[0, 8]);

    private static readonly Gen<IssuedSchedule[]> GenVersions = GenVersion.Array[1, 7].Select(specs =>
    {
        var issued = T0;
        var versions = new IssuedSchedule[specs.Length];
        for (var v = 0; v < specs.Length; v++)
        {
            issued = issued.AddMinutes(specs[v].Gap);
            var start = issued;
            var entries = new List<ScheduledLimit>();
            foreach (var (length, kw, source) in specs[v].Entries)
            {
                entries.Add(new ScheduledLimit(start, start.AddMinutes(length), kw * 25, (LimitSource)source, "r" + v));
                start = start.AddMinutes(length);
            }

            versions[v] = new IssuedSchedule(issued, entries.ToArray());
        }

        return versions;
    });

    private static IssuedSchedule[] Trimmed(IssuedSchedule[] versions) =>
        [.. versions.Select((v, i) => i + 1 < versions.Length
            ? v with { Schedule = LimitVersions.InForceSpan(v.Schedule, v.IssuedAt, versions[i + 1].IssuedAt) }
            : v)];

    private static IEnumerable<DateTimeOffset> Minutes() => Enumerable.Range(-5, 7 * 120 + 8 * 180 + 10).Select(m => T0.AddMinutes(m));

    [Fact]
    public void The_version_and_entry_in_force_and_the_limit_history_are_the_same_at_every_instant() =>
        GenVersions.Sample(versions =>
        {
            var trimmed = Trimmed(versions);
            foreach (var t in Minutes())
            {
                var full = LimitVersions.InForceAt(versions, t);
                var kept = LimitVersions.InForceAt(trimmed, t);
                Assert.Equal(full?.IssuedAt, kept?.IssuedAt);
                Assert.Equal(full is null ? null : LimitVersions.EntryAt(full, t), kept is null ? null : LimitVersions.EntryAt(kept, t));
                Assert.Equal(LimitHistory.At(versions, t), LimitHistory.At(trimmed, t));
            }
        }, iter: 200);

    [Fact]
    public void The_limits_over_any_period_are_the_same() =>
        Gen.Select(GenVersions, Gen.Int[-30, 1500], Gen.Int[1, 600]).Sample((versions, from, length) =>
        {
            var start = T0.AddMinutes(from);
            Assert.Equal(PeriodLimits.Over(versions, start, start.AddMinutes(length)), PeriodLimits.Over(Trimmed(versions), start, start.AddMinutes(length)));
        });

    [Fact]
    public void The_newest_version_is_untouched_and_superseded_ones_hold_no_entry_outside_their_span() =>
        GenVersions.Sample(versions =>
        {
            var trimmed = Trimmed(versions);
            Assert.Same(versions[^1].Schedule, trimmed[^1].Schedule);
            for (var i = 0; i + 1 < trimmed.Length; i++)
            {
                var (from, to) = (trimmed[i].IssuedAt, trimmed[i + 1].IssuedAt);
                Assert.All(trimmed[i].Schedule, e => Assert.True(e.End > from && e.Start < to, $"{e} outside [{from:O}, {to:O})"));
                Assert.Equal(versions[i].Schedule.Count(e => e.End > from && e.Start < to), trimmed[i].Schedule.Count);
            }
        });

    [Fact]
    public void A_schedule_with_nothing_to_drop_comes_back_as_the_same_list()
    {
        ScheduledLimit[] schedule = [new(T0, T0.AddHours(1), 50, LimitSource.Forecast, "r"), new(T0.AddHours(1), T0.AddHours(24), 100, LimitSource.BaseDoe, null)];

        Assert.Same(schedule, LimitVersions.InForceSpan(schedule, T0, T0.AddHours(2)));
        Assert.Equal([schedule[0]], LimitVersions.InForceSpan(schedule, T0, T0.AddHours(1)));
        Assert.Empty(LimitVersions.InForceSpan(schedule, T0, T0));
    }
}
