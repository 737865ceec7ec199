using System.Text;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Oscp.Reporting;

/// <summary>
/// Spreads the sites' measurement reports over a window after each period boundary, so a fleet
/// does not hit the capacity provider all at the same second. Each site gets a fixed offset derived
/// from its group id: stable across restarts, silos and processes (never <see cref="string.GetHashCode()"/>,
/// which is randomised per process).
/// </summary>
public static class ReportSpread
{
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// The site's offset in [0, <paramref name="window"/>), in whole milliseconds: the FNV-1a 32-bit
    /// hash of the UTF-8 bytes of <paramref name="groupId"/> modulo the window's milliseconds.
    /// <see cref="TimeSpan.Zero"/> when the window is shorter than one millisecond (or not positive).
    /// </summary>
    /// <param name="groupId">The site's group id.</param>
    /// <param name="window">The spread window (e.g. <c>ReportSpreadSeconds</c>).</param>
    public static TimeSpan OffsetOf(string groupId, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        var windowMs = window.Ticks / TimeSpan.TicksPerMillisecond;
        return windowMs <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(Fnv1a32(groupId) % windowMs);
    }

    /// <summary>
    /// When the site next sends: the smallest <c>b + offset</c> strictly after <paramref name="now"/>,
    /// where <c>b</c> is a period boundary aligned to the UTC clock (<see cref="MeteringPeriods.Align"/>).
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="period">The measurement period; must divide one day.</param>
    /// <param name="offset">The site's offset (<see cref="OffsetOf"/>).</param>
    /// <exception cref="ArgumentOutOfRangeException">The period does not divide one day.</exception>
    public static DateTimeOffset NextSendAt(DateTimeOffset now, TimeSpan period, TimeSpan offset) =>
        // The boundary at or before now − offset gives a send time at or before now; the next one is after it.
        MeteringPeriods.Align(now - offset, period) + period + offset;

    /// <summary>
    /// The instant through which periods may be closed at <paramref name="now"/>: a period ending at
    /// <c>e</c> is closed once <c>e + offset &lt;= now</c>, i.e. once <c>e &lt;= now − offset</c>. Pass
    /// the result as <c>now</c> to <see cref="MeterAggregation.CloseThrough"/>, so samples arriving
    /// during the site's offset after a boundary still count in the period they belong to.
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="offset">The site's offset (<see cref="OffsetOf"/>).</param>
    public static DateTimeOffset ClosableThrough(DateTimeOffset now, TimeSpan offset) => now - offset;

    /// <summary>FNV-1a, 32 bits, over the UTF-8 bytes of <paramref name="text"/>.</summary>
    internal static uint Fnv1a32(string text)
    {
        var hash = FnvOffsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }
}
