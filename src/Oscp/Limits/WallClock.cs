namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Maps a local wall-clock time to the UTC instant at which a time zone's clock first shows it or
/// a later time — the moment a schedule entry for that local time takes effect.
/// </summary>
/// <remarks>
/// This one rule covers every case: an ordinary local time is its only instant; a repeated time
/// (fall-back) is its first occurrence, so the repeat never re-triggers it; a skipped time
/// (spring-forward) is the first instant after the gap. The mapping never decreases as the local
/// time grows, so a profile's boundaries stay in order and never run backwards.
/// </remarks>
internal static class WallClock
{
    // tz offsets lie within -12:00..+14:00; these margins put every candidate instant for a local time inside the bracket.
    private static readonly TimeSpan Before = TimeSpan.FromHours(15);
    private static readonly TimeSpan After = TimeSpan.FromHours(13);

    /// <summary>The first UTC instant at which <paramref name="zone"/>'s wall clock reads <paramref name="local"/> or later.</summary>
    public static DateTimeOffset FirstReaching(TimeZoneInfo zone, DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsAmbiguousTime(local))
        {
            // The larger offset belongs to the earlier occurrence (the clock is about to go back).
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max()).ToUniversalTime();
        }

        if (!zone.IsInvalidTime(local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        return EndOfGap(zone, local);
    }

    /// <summary>The local wall-clock time at <paramref name="instant"/>.</summary>
    public static DateTime LocalAt(TimeZoneInfo zone, DateTimeOffset instant) =>
        TimeZoneInfo.ConvertTimeFromUtc(instant.UtcDateTime, zone);

    /// <summary>
    /// The transition that skips <paramref name="local"/>: the clock reads earlier before it and later
    /// from it on. Found by bisection on whole seconds (tz transitions fall on whole seconds); the
    /// bracket holds only that one transition, as no zone changes its clock twice within a day.
    /// </summary>
    private static DateTimeOffset EndOfGap(TimeZoneInfo zone, DateTime local)
    {
        var asUtc = new DateTimeOffset(local, TimeSpan.Zero);
        long lo = (asUtc - Before).ToUnixTimeSeconds(), hi = (asUtc + After).ToUnixTimeSeconds();

        // Invariant: the clock reads earlier than local at lo, and local or later at hi.
        while (hi - lo > 1)
        {
            var mid = lo + ((hi - lo) / 2);
            if (LocalAt(zone, DateTimeOffset.FromUnixTimeSeconds(mid)) >= local)
            {
                hi = mid;
            }
            else
            {
                lo = mid;
            }
        }

        return DateTimeOffset.FromUnixTimeSeconds(hi);
    }
}
