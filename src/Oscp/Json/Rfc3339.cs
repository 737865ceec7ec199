using System.Globalization;

namespace OscpFleet.Oscp.Json;

/// <summary>
/// RFC 3339 date-times as OSCP uses them. Reading accepts any offset (<c>Z</c>, <c>+13:00</c>, …) and
/// optional fractional seconds, and rejects a time without an offset. Writing is always UTC with <c>Z</c>,
/// whole seconds, plus <c>.fff</c> only when the millisecond part is non-zero (sub-millisecond ticks are
/// truncated), e.g. <c>2026-11-26T12:00:00Z</c> or <c>2026-11-26T12:00:00.250Z</c>.
/// </summary>
public static class Rfc3339
{
    /// <summary>The reason given wherever a value is not an acceptable date-time.</summary>
    public const string Requirement = "must be an RFC 3339 date-time with an offset";

    /// <summary>The longest text considered at all.</summary>
    private const int MaxLength = 64;

    /// <summary>
    /// Parses an RFC 3339 date-time that carries an offset; false for anything else (including leap second 60).
    /// The accepted shape is <c>YYYY-MM-DD[Tt]hh:mm:ss[.fraction]([Zz]|[+-]hh:mm)</c> with ASCII digits only, at most
    /// 64 characters; it is read by hand, without allocating (every forecast block carries two of them).
    /// </summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && TryParse(text.AsSpan(), out value);
    }

    /// <inheritdoc cref="TryParse(string?, out DateTimeOffset)"/>
    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > MaxLength) return false;
        Span<byte> ascii = stackalloc byte[MaxLength];
        for (var i = 0; i < text.Length; i++)
        {
            // Every character of the shape is ASCII: anything else fails it.
            if (text[i] > 0x7F) return false;
            ascii[i] = (byte)text[i];
        }

        return TryParseUtf8(ascii[..text.Length], out value);
    }

    /// <summary>
    /// Parses UTF-8 text (as it stands, unescaped, in a JSON string) as <see cref="TryParse(string?, out DateTimeOffset)"/> does.
    /// </summary>
    public static bool TryParseUtf8(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        // YYYY-MM-DDThh:mm:ss is 19 characters, and the shortest zone (Z) one more.
        if (text.Length > MaxLength || text.Length < 20) return false;
        if (!Digits(text, 0, 4, out var year) || text[4] != '-' || !Digits(text, 5, 2, out var month) || text[7] != '-'
            || !Digits(text, 8, 2, out var day) || (text[10] != 'T' && text[10] != 't') || !Digits(text, 11, 2, out var hour)
            || text[13] != ':' || !Digits(text, 14, 2, out var minute) || text[16] != ':' || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        var at = 19;
        long fractionTicks = 0;
        if (text[at] == '.')
        {
            var first = ++at;
            while (at < text.Length && IsDigit(text[at])) at++;
            if (at == first) return false;
            // Ticks are 100 ns: keep the first 7 digits, pad shorter fractions.
            var kept = Math.Min(7, at - first);
            for (var i = 0; i < 7; i++) fractionTicks = (fractionTicks * 10) + (i < kept ? text[first + i] - '0' : 0);
        }

        if (at >= text.Length) return false;
        var offset = TimeSpan.Zero;
        var zone = text[at];
        if (zone is (byte)'Z' or (byte)'z')
        {
            if (at + 1 != text.Length) return false;
        }
        else if (zone is (byte)'+' or (byte)'-')
        {
            if (at + 6 != text.Length || !Digits(text, at + 1, 2, out var offsetHours) || text[at + 3] != ':'
                || !Digits(text, at + 4, 2, out var offsetMinutes))
            {
                return false;
            }

            if (offsetHours > 23 || offsetMinutes > 59) return false;
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (zone == '-') offset = -offset;
            if (offset.Duration() > TimeSpan.FromHours(14)) return false;
        }
        else
        {
            return false;
        }

        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
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

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!IsDigit(text[i])) return false;
            value = (value * 10) + (text[i] - '0');
        }

        return true;
    }

    private const string WholeSeconds = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";
    private const string Milliseconds = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'";

    /// <summary>Writes <paramref name="value"/> as UTC with <c>Z</c>; milliseconds only when non-zero.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return utc.ToString(utc.Millisecond == 0 ? WholeSeconds : Milliseconds, CultureInfo.InvariantCulture);
    }

    /// <summary>Writes <paramref name="value"/> as <see cref="Format"/> does, into <paramref name="destination"/> (at least 24 characters).</summary>
    public static bool TryFormat(DateTimeOffset value, Span<char> destination, out int written)
    {
        var utc = value.UtcDateTime;
        return utc.TryFormat(destination, out written, utc.Millisecond == 0 ? WholeSeconds : Milliseconds, CultureInfo.InvariantCulture);
    }
}
