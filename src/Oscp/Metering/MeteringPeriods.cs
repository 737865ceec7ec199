namespace OscpFleet.Oscp.Metering;

/// <summary>
/// Measurement periods aligned to the UTC wall clock: with 15 minutes they start at :00, :15,
/// :30 and :45, so every site and every grid operator agree on the boundaries.
/// </summary>
public static class MeteringPeriods
{
    /// <summary>The period used for OSCP measurement reports.</summary>
    public static readonly TimeSpan QuarterHour = TimeSpan.FromMinutes(15);

    /// <summary>The start of the period containing <paramref name="t"/> (UTC, offset zero).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length does not divide one day.</exception>
    public static DateTimeOffset Align(DateTimeOffset t, TimeSpan length)
    {
        EnsureValidLength(length);

        // Tick 0 is a UTC midnight and the length divides a day, so flooring ticks aligns to the clock.
        var ticks = t.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % length.Ticks), TimeSpan.Zero);
    }

    /// <summary>True when <paramref name="length"/> is positive and divides one day exactly.</summary>
    public static bool IsValidLength(TimeSpan length) => length > TimeSpan.Zero && TimeSpan.TicksPerDay % length.Ticks == 0;

    /// <summary>Throws unless <paramref name="length"/> is positive and divides one day exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">It does not.</exception>
    public static void EnsureValidLength(TimeSpan length)
    {
        if (!IsValidLength(length))
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A measurement period must be positive and divide one day (e.g. 1, 5, 15, 30 or 60 minutes).");
        }
    }

    /// <summary>
    /// The end of the period that starts at <paramref name="start"/>: the next aligned boundary.
    /// A start left unaligned by a change of period length thus closes early and realigns.
    /// </summary>
    public static DateTimeOffset EndOf(DateTimeOffset start, TimeSpan length) => Align(start, length) + length;
}
