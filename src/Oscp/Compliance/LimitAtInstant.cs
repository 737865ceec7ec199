using OscpFleet.Oscp.Forecasting;

namespace OscpFleet.Oscp.Compliance;

/// <summary>The limit a site had to respect at one instant, and since when (see <see cref="LimitHistory.At"/>).</summary>
/// <param name="Kw">The limit in kW.</param>
/// <param name="Source">Which rule produced it.</param>
/// <param name="RequestId">The forecast's <c>X-Request-ID</c>; null for the base DOE.</param>
/// <param name="BlockStart">Start of the schedule entry holding the limit.</param>
/// <param name="BlockEnd">End (exclusive) of that entry.</param>
/// <param name="InForceSince">When this limit took effect: the later of the entry's start and its version's issue time.</param>
/// <param name="Lowered">True when the limit just before <paramref name="InForceSince"/> was higher, or there was none: the site needs time to follow.</param>
public sealed record LimitAtInstant(
    double Kw,
    LimitSource Source,
    string? RequestId,
    DateTimeOffset BlockStart,
    DateTimeOffset BlockEnd,
    DateTimeOffset InForceSince,
    bool Lowered);
