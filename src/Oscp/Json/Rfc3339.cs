using System.Globalization;
using System.Text.RegularExpressions;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// RFC 3339 date-times as OSCP uses them. Reading accepts any offset (<c>Z</c>, <c>+13:00</c>, …) and
/// optional fractional seconds, and rejects a time without an offset. Writing is always UTC with <c>Z</c>,
/// whole seconds, plus <c>.fff</c> only when the millisecond part is non-zero (sub-millisecond ticks are
/// truncated), e.g. <c>2026-11-26T12:00:00Z</c> or <c>2026-11-26T12:00:00.250Z</c>.
/// </summary>
public static partial class Rfc3339
{
    /// <summary>The reason given wherever a value is not an acceptable date-time.</summary>
    public const string Requirement = "must be an RFC 3339 date-time with an offset";

    // [0-9] rather than \d: \d also matches non-ASCII digits. \z rather than $: $ accepts a trailing newline.
    [GeneratedRegex(
        @"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]+))?(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))\z",
        RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses an RFC 3339 date-time that carries an offset; false for anything else (including leap second 60).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 64)
        {
            return false;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(int group) => int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

        int year = Part(1), month = Part(2), day = Part(3), hour = Part(4), minute = Part(5), second = Part(6);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var offset = TimeSpan.Zero;
        if (match.Groups[8].Success)
        {
            int offsetHours = Part(9), offsetMinutes = Part(10);
            if (offsetHours > 23 || offsetMinutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (match.Groups[8].ValueSpan[0] == '-')
            {
                offset = -offset;
            }

            if (offset.Duration() > TimeSpan.FromHours(14))
            {
                return false;
            }
        }

        long fractionTicks = 0;
        if (match.Groups[7].Success)
        {
            // Ticks are 100 ns: keep the first 7 digits, pad shorter fractions.
            var digits = match.Groups[7].ValueSpan;
            digits = digits.Length > 7 ? digits[..7] : digits;
            fractionTicks = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            for (var i = digits.Length; i < 7; i++)
            {
                fractionTicks *= 10;
            }
        }

        try
        {
            value = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fractionTicks);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            // The instant falls outside DateTimeOffset's range once the offset is applied.
            return false;
        }
    }

    /// <summary>Writes <paramref name="value"/> as UTC with <c>Z</c>; milliseconds only when non-zero.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.Millisecond == 0
            ? utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
    }
}
