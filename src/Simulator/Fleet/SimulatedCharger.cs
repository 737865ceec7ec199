namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// One simulated charger: its demand and its cumulative energy register, integrated exactly (piecewise constant
/// power between limit changes) up to the instant last asked for. Not thread-safe: its site holds the lock.
/// </summary>
internal sealed class SimulatedCharger(FleetChargerOptions options, double share, DateTimeOffset start)
{
    private double _demandKw = Math.Min(options.DemandKw ?? options.RatedKw, options.RatedKw);

    public string Id { get; } = options.Id!;

    public double RatedKw { get; } = options.RatedKw;

    /// <summary>Its rated power over the site's: its share of a site limit without a station profile.</summary>
    public double Share { get; } = share;

    /// <summary>What the car would draw unlimited; never above the rating.</summary>
    public double DemandKw
    {
        get => _demandKw;
        set => _demandKw = Math.Clamp(value, 0, RatedKw);
    }

    /// <summary>The import register in Wh.</summary>
    public double EnergyWh { get; private set; }

    /// <summary>The register is exact up to this instant.</summary>
    public DateTimeOffset SettledAt { get; private set; } = start;

    public double? LimitW(AppliedLimits? limits, DateTimeOffset instant) => ChargerPower.ChargerLimitW(limits, Id, Share, instant);

    public double PowerW(AppliedLimits? limits, DateTimeOffset instant) => ChargerPower.PowerW(DemandKw * 1000, LimitW(limits, instant));

    /// <summary>Sets the register back to 0 (already settled to the instant of the reset).</summary>
    public void ResetRegister() => EnergyWh = 0;

    /// <summary>Adds the energy drawn from <see cref="SettledAt"/> to <paramref name="now"/> under <paramref name="limits"/> (in force all that time).</summary>
    public void Settle(AppliedLimits? limits, DateTimeOffset now)
    {
        if (now <= SettledAt) return;
        var from = SettledAt;
        foreach (var until in ChargerPower.Breakpoints(limits, from, now).Append(now))
        {
            EnergyWh += PowerW(limits, from) * (until - from).TotalHours;
            from = until;
        }

        SettledAt = now;
    }
}
