namespace OscpFleet.Oscp.Compliance;

/// <summary>Finds the instants at which a site's measured load broke the limit in force.</summary>
public static class BreachDetection
{
    /// <summary>
    /// Load above the limit by no more than this (kW) is never a breach: 50 W of noise, so a site
    /// under an emergency stop (limit 0) whose chargers still draw standby power is compliant.
    /// </summary>
    public const double NoiseFloorKw = 0.05;

    /// <summary>
    /// Margin (1 µW) for binary rounding: 33.3 kW + 10 % computes to 36.629999…, so a load of exactly
    /// 36.63 kW would otherwise be a breach. Far below any meter's resolution.
    /// </summary>
    private const double RoundingKw = 1e-9;

    /// <summary>
    /// The breaches among <paramref name="loads"/>, in time order. A load at instant t is a breach when
    /// a limit is in force at t, the load exceeds it by more than <paramref name="tolerancePercent"/>
    /// percent (exactly at the tolerance is compliant) and by more than <see cref="NoiseFloorKw"/>, and
    /// t is not within <paramref name="applyAllowance"/> of a lowered limit taking effect (the chargers
    /// need time to follow a lower limit; a raised or unchanged one needs none).
    /// </summary>
    /// <param name="loads">Site loads in W (e.g. from <c>SiteLoads.At</c>), in any order.</param>
    /// <param name="limitAt">The limit in force at an instant, null when none (e.g. <see cref="LimitHistory.At"/>).</param>
    /// <param name="tolerancePercent">How far above the limit the load may go, in percent of it.</param>
    /// <param name="applyAllowance">How long after a lowered limit takes effect the site has to follow it.</param>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is negative or not finite, or the allowance is negative.</exception>
    /// <exception cref="ArgumentException">A load is not finite.</exception>
    public static IReadOnlyList<Breach> Find(
        IEnumerable<(DateTimeOffset At, double LoadW)> loads,
        Func<DateTimeOffset, LimitAtInstant?> limitAt,
        double tolerancePercent,
        TimeSpan applyAllowance)
    {
        ArgumentNullException.ThrowIfNull(loads);
        ArgumentNullException.ThrowIfNull(limitAt);
        if (!double.IsFinite(tolerancePercent) || tolerancePercent < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(tolerancePercent), tolerancePercent, "The tolerance must be a finite percentage >= 0.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(applyAllowance, TimeSpan.Zero, nameof(applyAllowance));

        var breaches = new List<Breach>();
        foreach (var (at, loadW) in loads.OrderBy(l => l.At))
        {
            if (!double.IsFinite(loadW))
            {
                throw new ArgumentException($"The load at {at:O} is not finite ({loadW}).", nameof(loads));
            }

            if (limitAt(at) is not { } limit)
            {
                continue;
            }

            var loadKw = loadW / 1000;

            var allowedKw = limit.Kw + (limit.Kw * tolerancePercent / 100);
            var following = limit.Lowered && at < limit.InForceSince + applyAllowance;
            if (loadKw > allowedKw + RoundingKw && loadKw - limit.Kw > NoiseFloorKw + RoundingKw && !following)
            {
                breaches.Add(new Breach(at, loadKw, limit));
            }
        }

        return breaches;
    }
}
