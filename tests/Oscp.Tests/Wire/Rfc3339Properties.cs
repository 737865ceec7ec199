using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsCheck;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

/// <summary>
/// The hand-written RFC 3339 reader (no regular expression, no allocation) against the regular expression it replaced,
/// kept here as the oracle: same acceptance, same instant, for near-misses as much as for good times.
/// </summary>
public sealed partial class Rfc3339Properties
{
    [GeneratedRegex(
        @"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>The reader before this change, verbatim in its logic.</summary>
    private static bool Oracle(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 64) return false;
        var match = Pattern().Match(text);
        if (!match.Success) return false;
        int Part(int group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
        int year = Part(1), month = Part(2), day = Part(3), hour = Part(4), minute = Part(5), second = Part(6);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
            return false;
        var offset = TimeSpan.Zero;
        if (match.Groups[8].Success)
        {
            int offsetHours = Part(9), offsetMinutes = Part(10);
            if (offsetHours > 23 || offsetMinutes > 59) return false;
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (match.Groups[8].ValueSpan[0] == '-') offset = -offset;
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
        }
        long fractionTicks = 0;
        if (match.Groups[7].Success)
        {
            var digits = match.Groups[7].ValueSpan;
            digits = digits.Length > 7 ? digits[..7] : digits;
            fractionTicks = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = digits.Length; i < 7; i++) fractionTicks *= 10;
        }
        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static Gen<string> Digits(int count) => Gen.Char['0', '9'].Array[count].Select(c => new string(c));

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    // Mostly well-formed times (edge values included), then damaged: a character replaced, inserted or removed.
    private static readonly Gen<string> GenWellFormed = Gen.Select(
        Gen.Select(Gen.OneOf(Digits(4), OneOf("0000", "0001", "9999", "2024", "2026", "2100")), Gen.OneOf(Digits(2), OneOf("00", "01", "02", "12", "13"))),
        Gen.Select(Gen.OneOf(Digits(2), OneOf("00", "28", "29", "30", "31", "32")), OneOf("T", "t", " ")),
        Gen.Select(Gen.OneOf(Digits(2), OneOf("23", "24")), Gen.OneOf(Digits(2), OneOf("59", "60")), Gen.OneOf(Digits(2), OneOf("59", "60"))),
        Gen.OneOf(Gen.Const(""), Gen.Char['0', '9'].Array[0, 12].Select(c => "." + new string(c))),
        Gen.OneOf(OneOf("Z", "z", "", "+00:00", "-00:00", "+14:00", "-14:00", "+14:01", "+13:00", "+05:45", "-23:59", "+24:00", "+1300", "Z "),
            Gen.Select(OneOf("+", "-"), Digits(2), Digits(2)).Select((s, h, m) => $"{s}{h}:{m}")))
        .Select((date, day, clock, fraction, zone) => $"{date.Item1}-{date.Item2}-{day.Item1}{day.Item2}{clock.Item1}:{clock.Item2}:{clock.Item3}{fraction}{zone}");

    private static readonly Gen<string> GenText = Gen.OneOf(
        GenWellFormed,
        Gen.Select(GenWellFormed, Gen.Int[0, 40], Gen.Char["0123456789-:+.TtZz x\u0660\u00e9"]).Select((t, i, c) => i < t.Length ? t[..i] + c + t[(i + 1)..] : t + c),
        Gen.Select(GenWellFormed, Gen.Int[0, 40]).Select((t, i) => i < t.Length ? t.Remove(i, 1) : t),
        Gen.Select(GenWellFormed, Gen.Int[0, 40], Gen.Char["0123456789-:+.Z\u0661"]).Select((t, i, c) => t.Insert(Math.Min(i, t.Length), c.ToString())),
        Gen.String);

    [Fact]
    public void The_reader_accepts_exactly_what_the_regular_expression_did_and_reads_the_same_instant()
    {
        GenText.Sample(text =>
        {
            var expected = Oracle(text, out var oracleValue);
            var actual = Rfc3339.TryParse(text, out var value);
            var utf8 = Rfc3339.TryParseUtf8(Encoding.UTF8.GetBytes(text), out var utf8Value);
            return expected == actual && expected == utf8
                && (!expected || (value == oracleValue && value.Offset == oracleValue.Offset && utf8Value == oracleValue && utf8Value.Offset == oracleValue.Offset));
        }, iter: 200_000);
    }

    [Fact]
    public void An_escaped_time_in_json_reads_as_the_same_instant_as_the_plain_one()
    {
        var plain = OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":"2026-11-27T01:00:00+13:00"}""");
        var escaped = OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":"2026\u002d11-27T01:00:00\u002b13:00"}""");

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), plain.OfflineModeAt);
        Assert.Equal(plain.OfflineModeAt, escaped.OfflineModeAt);
        Assert.Equal(plain.OfflineModeAt.Offset, escaped.OfflineModeAt.Offset);
    }

    [Fact]
    public void An_escaped_bad_time_in_json_is_still_refused()
    {
        Assert.Throws<JsonException>(() => OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":"2026\u002d11-27T01:00:00"}"""));
    }

    [Theory]
    [InlineData("2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T12:00:00.250Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59.999Z")]
    public void Writing_gives_the_same_text_as_format(string text)
    {
        Assert.True(Rfc3339.TryParse(text, out var value));
        Span<char> buffer = stackalloc char[32];

        Assert.True(Rfc3339.TryFormat(value, buffer, out var written));
        Assert.Equal(Rfc3339.Format(value), buffer[..written].ToString());
        Assert.Equal(text, Rfc3339.Format(value));
    }
}
