namespace OscpFleet.Oscp.Limits;

/// <summary>
/// Shares a site limit among charging stations in proportion to their rated power, in whole watts
/// rounded down, so the stations together never exceed the site limit.
/// </summary>
/// <remarks>
/// Integer arithmetic throughout: the site limit is floored to watts and each share is
/// ⌊site W × weight ÷ total weight⌋, so the sum is at most the floored site limit exactly, with no
/// floating-point rounding that could tip it over. The few watts rounding leaves unallocated are
/// deliberately not handed out.
/// </remarks>
internal static class PowerSplit
{
    /// <summary>Upper bound for site limits and ratings (a terawatt): keeps every product inside 128-bit integers.</summary>
    public const double MaxKw = 1e9;

    /// <summary>A limit in kW as whole watts, rounded down.</summary>
    public static long Watts(double kw)
    {
        if (!double.IsFinite(kw) || kw < 0 || kw > MaxKw)
        {
            throw new ArgumentOutOfRangeException(nameof(kw), kw, $"A site limit must be between 0 and {MaxKw} kW.");
        }

        return (long)Math.Floor(kw * 1000);
    }

    /// <summary>A station's weight: its rating in microwatts (at least 1, so every station gets a share), exact enough that shares stay within a watt of proportional.</summary>
    public static long Weight(double ratedKw)
    {
        if (!double.IsFinite(ratedKw) || ratedKw <= 0 || ratedKw > MaxKw)
        {
            throw new ArgumentOutOfRangeException(nameof(ratedKw), ratedKw, $"A rated power must be above 0 and at most {MaxKw} kW.");
        }

        return Math.Max(1, (long)Math.Round(ratedKw * 1e9));
    }

    /// <summary>Each station's share of <paramref name="siteWatts"/>, in the order of <paramref name="weights"/>.</summary>
    public static long[] Split(long siteWatts, IReadOnlyList<long> weights)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(siteWatts);
        Int128 total = 0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var shares = new long[weights.Count];
        for (var i = 0; i < shares.Length; i++)
        {
            shares[i] = (long)((Int128)siteWatts * weights[i] / total);
        }

        return shares;
    }
}
