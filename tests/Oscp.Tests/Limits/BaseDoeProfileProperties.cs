using CsCheck;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// <see cref="BaseDoeProfile.At"/> checked against a naive model around real clock changes: an entry
/// is in force once the wall clock's high-water mark (the latest local time it has shown) has reached it.
/// </summary>
public sealed class BaseDoeProfileProperties
{
    // Half-hour DST (Lord Howe), a +12:45 zone (Chatham), changes at local midnight (Santiago), both hemispheres.
    private static readonly string[] Zones =
        ["Pacific/Auckland", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham", "America/Santiago", "America/New_York"];

    private static readonly Dictionary<string, DateTimeOffset[]> Changes = Zones.ToDictionary(z => z, ClockChanges2026);

    private static readonly Gen<(int Minute, double Kw)[]> GenEntries =
        Gen.Select(Gen.OneOf(Gen.Int[0, 1439], Gen.Int[0, 240]), Gen.Int[0, 3], (minute, k) => (Minute: minute, Kw: k * 50.0))
            .Array[1, 6]
            .Select(entries => entries.DistinctBy(e => e.Minute).OrderBy(e => e.Minute).ToArray());

    /// <summary>A zone, a profile, and an instant within 36 hours of one of the zone's 2026 clock changes (random seconds included).</summary>
    private static readonly Gen<(string Zone, (int Minute, double Kw)[] Entries, DateTimeOffset At)> GenCase =
        Gen.Int[0, Zones.Length - 1].SelectMany(z => Gen.Select(
            GenEntries,
            Gen.Int[0, Changes[Zones[z]].Length - 1],
            Gen.Int[-36 * 60, 36 * 60],
            Gen.Int[0, 59],
            (entries, change, minutes, seconds) => (Zones[z], entries, Changes[Zones[z]][change].AddMinutes(minutes).AddSeconds(seconds))));

    [Fact]
    public void Value_and_next_change_match_the_wall_clock_model_around_clock_changes() =>
        GenCase.Sample(c =>
        {
            var profile = new BaseDoeProfile([.. c.Entries.Select(e => new BaseDoeEntry($"{e.Minute / 60:00}:{e.Minute % 60:00}", e.Kw))], c.Zone);

            var actual = profile.At(c.At);

            Assert.Equal(Model(TimeZoneInfo.FindSystemTimeZoneById(c.Zone), c.Entries, c.At), actual);
            Assert.True(actual.ValidUntil > c.At, $"valid until {actual.ValidUntil:O} is not after {c.At:O}");
        });

    /// <summary>
    /// Walks the clock minute by minute (every boundary falls on a whole minute), keeping the highest
    /// local time shown so far; the value at a minute is the entry for that high-water mark.
    /// </summary>
    private static (double Kw, DateTimeOffset ValidUntil) Model(TimeZoneInfo zone, (int Minute, double Kw)[] entries, DateTimeOffset at)
    {
        var t = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMinute));
        var highWater = DateTime.MinValue;
        double? current = null;
        for (var u = t.AddHours(-30); u < t.AddHours(72); u = u.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(u.UtcDateTime, zone);
            highWater = local > highWater ? local : highWater;
            var minuteOfDay = (int)highWater.TimeOfDay.TotalMinutes;
            var kw = entries.LastOrDefault(e => e.Minute <= minuteOfDay, entries[^1]).Kw;
            if (u <= t)
            {
                current = kw;
            }
            else if (!kw.Equals(current))
            {
                return (current!.Value, u);
            }
        }

        return (current!.Value, DateTimeOffset.MaxValue);
    }

    private static DateTimeOffset[] ClockChanges2026(string zone)
    {
        var tz = TimeZoneInfo.FindSystemTimeZoneById(zone);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return Enumerable.Range(1, 365 * 24)
            .Select(h => start.AddHours(h))
            .Where(t => tz.GetUtcOffset(t) != tz.GetUtcOffset(t.AddHours(-1)))
            .ToArray();
    }
}
