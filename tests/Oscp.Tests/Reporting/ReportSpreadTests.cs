using System.Globalization;
using CsCheck;
using OscpFleet.Oscp.Metering;
using OscpFleet.Oscp.Reporting;

namespace OscpFleet.Oscp.Tests.Reporting;

public sealed class ReportSpreadTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Quarter = MeteringPeriods.QuarterHour;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("", 0x811c9dc5u)]
    [InlineData("a", 0xe40c292cu)]
    [InlineData("foobar", 0xbf9cf968u)]
    public void Hash_is_fnv1a_32(string text, uint hash) => Assert.Equal(hash, ReportSpread.Fnv1a32(text));

    [Fact]
    public void Hash_reads_the_utf8_bytes_not_the_utf16_chars() =>
        // "é" is C3 A9 in UTF-8; hashing the UTF-16 code unit E9 would give another value.
        Assert.Equal(Fold(0xC3, 0xA9), ReportSpread.Fnv1a32("é"));

    [Fact]
    public void Offset_is_the_hash_modulo_the_window_in_milliseconds() =>
        Assert.Equal(TimeSpan.FromMilliseconds(0xe40c292cu % 60_000), ReportSpread.OffsetOf("a", Minute));

    [Fact]
    public void Same_group_always_gets_the_same_offset()
    {
        var first = ReportSpread.OffsetOf("BUS_AUK_1", Minute);

        Assert.Equal(first, ReportSpread.OffsetOf(new string("BUS_AUK_1".ToCharArray()), Minute));
        Assert.NotEqual(first, ReportSpread.OffsetOf("BUS_AUK_2", Minute));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(300)]
    [InlineData(899)]
    public void Sites_spread_roughly_uniformly_over_the_window(int windowSeconds)
    {
        var window = TimeSpan.FromSeconds(windowSeconds);
        var tenths = new int[10];
        for (var i = 1; i <= 1_000; i++)
        {
            var offset = ReportSpread.OffsetOf(string.Create(CultureInfo.InvariantCulture, $"SITE_{i:D4}"), window);
            tenths[(int)(offset.Ticks * 10 / window.Ticks)]++;
        }

        Assert.All(tenths, count => Assert.InRange(count, 50, 150));
    }

    [Fact]
    public void Offset_is_whole_milliseconds_inside_the_window() =>
        Gen.Select(Gen.String, Gen.Long[1, TimeSpan.TicksPerDay]).Sample((id, ticks) =>
        {
            var window = TimeSpan.FromTicks(ticks);
            var offset = ReportSpread.OffsetOf(id, window);

            Assert.True(offset >= TimeSpan.Zero && offset < window, $"{offset} outside [0, {window})");
            Assert.Equal(0, offset.Ticks % TimeSpan.TicksPerMillisecond);
        });

    [Theory]
    [InlineData(0)]
    [InlineData(-10_000_000)]
    [InlineData(9_999)]
    public void Window_under_a_millisecond_gives_no_offset(long ticks) =>
        Assert.Equal(TimeSpan.Zero, ReportSpread.OffsetOf("BUS_AUK_1", TimeSpan.FromTicks(ticks)));

    [Theory]
    [InlineData("12:07:00", "12:15:30")]
    [InlineData("12:15:00", "12:15:30")]
    [InlineData("12:15:29.999", "12:15:30")]
    [InlineData("12:15:30", "12:30:30")]
    [InlineData("12:29:59", "12:30:30")]
    [InlineData("23:59:45", "1.00:00:30")]
    public void Next_send_is_the_first_boundary_plus_offset_after_now(string now, string expected) =>
        Assert.Equal(Today(expected), ReportSpread.NextSendAt(Today(now), Quarter, TimeSpan.FromSeconds(30)));

    [Fact]
    public void Next_send_is_aligned_to_utc_whatever_the_offset_of_now()
    {
        var nzdt = TimeSpan.FromHours(13);
        var next = ReportSpread.NextSendAt(new DateTimeOffset(2026, 11, 27, 1, 7, 0, nzdt), Quarter, TimeSpan.FromSeconds(30));

        Assert.Equal(Noon.AddMinutes(15).AddSeconds(30), next);
        Assert.Equal(TimeSpan.Zero, next.Offset);
    }

    [Fact]
    public void Next_send_is_the_smallest_aligned_send_after_now() =>
        Gen.Select(Gen.Long[0, TimeSpan.TicksPerDay * 3], Gen.Int[0, 3], Gen.Long[0, 10_000]).Sample((ticks, p, offsetMs) =>
        {
            var period = new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), Quarter, TimeSpan.FromHours(1) }[p];
            var offset = TimeSpan.FromMilliseconds(offsetMs % (long)period.TotalMilliseconds);
            var now = Noon.AddTicks(ticks);

            var next = ReportSpread.NextSendAt(now, period, offset);

            Assert.True(next > now, $"{next:O} not after {now:O}");
            Assert.Equal(next - offset, MeteringPeriods.Align(next - offset, period));
            Assert.True(next - period <= now, $"{next - period:O} (one period earlier) is already after {now:O}");
        });

    [Fact]
    public void Closable_through_is_now_minus_the_offset() =>
        Assert.Equal(Noon.AddSeconds(-42), ReportSpread.ClosableThrough(Noon, TimeSpan.FromSeconds(42)));

    [Fact]
    public void Period_closes_only_once_its_end_plus_the_offset_has_passed()
    {
        var offset = TimeSpan.FromSeconds(30);
        var state = SiteMeterState.StartingAt(Noon, Quarter);
        var end = Noon + Quarter;

        Assert.Empty(MeterAggregation.CloseThrough(state, ReportSpread.ClosableThrough(end + offset - TimeSpan.FromTicks(1), offset), Quarter).Periods);
        Assert.Equal(end, Assert.Single(MeterAggregation.CloseThrough(state, ReportSpread.ClosableThrough(end + offset, offset), Quarter).Periods).End);
    }

    private static DateTimeOffset Today(string time) => Noon - Noon.TimeOfDay + TimeSpan.Parse(time, CultureInfo.InvariantCulture);

    private static uint Fold(params byte[] bytes)
    {
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }
}
