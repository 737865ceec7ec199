using OscpFleet.Oscp.Limits;

namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// One simulated site: the limits it applied and its chargers. Every change first settles the registers up to
/// now under the limits that were in force, so energy is exact across versions and demand changes.
/// </summary>
internal sealed class SimulatedSite
{
    private readonly Lock _gate = new();
    private readonly List<SimulatedCharger> _chargers;
    private AppliedLimits? _limits;
    private OnboardingState _onboarding = OnboardingState.NotStarted;

    public SimulatedSite(FleetSiteOptions options, DateTimeOffset start)
    {
        Options = options;
        var rated = options.Chargers.Sum(c => c.RatedKw);
        _chargers = [.. options.Chargers.Select(c => new SimulatedCharger(c, c.RatedKw / rated, start))];
    }

    public FleetSiteOptions Options { get; }

    public string GroupId => Options.GroupId!;

    public OnboardingState Onboarding
    {
        get
        {
            lock (_gate) return _onboarding;
        }
        set
        {
            lock (_gate) _onboarding = value;
        }
    }

    public long? AppliedVersion
    {
        get
        {
            lock (_gate) return _limits?.Version;
        }
    }

    /// <summary>Puts <paramref name="document"/> in force now; false (nothing changes) when it is not newer than the applied version.</summary>
    public bool TryApply(LimitDocument document, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_limits is { } applied && document.Version <= applied.Version) return false;
            SettleAll(now);
            _limits = AppliedLimits.From(document, Options, now);
            return true;
        }
    }

    /// <summary>Changes what one charger's car would draw, from now on.</summary>
    public void SetDemand(string chargerId, double kw, DateTimeOffset now)
    {
        if (!double.IsFinite(kw) || kw < 0) throw new ArgumentOutOfRangeException(nameof(kw), kw, "A demand is a number of kW >= 0.");
        lock (_gate)
        {
            var charger = _chargers.FirstOrDefault(c => c.Id == chargerId)
                ?? throw new ArgumentException($"Site {GroupId} has no charger '{chargerId}'.", nameof(chargerId));
            SettleAll(now);
            charger.DemandKw = kw;
        }
    }

    public SiteState Snapshot(DateTimeOffset now)
    {
        lock (_gate)
        {
            SettleAll(now);
            var chargers = _chargers
                .Select(c => new ChargerState(c.Id, c.RatedKw, c.DemandKw, c.LimitW(_limits, now) / 1000, c.PowerW(_limits, now) / 1000, c.EnergyWh))
                .ToList();
            return new SiteState(
                GroupId, _onboarding, _limits?.Version, _limits?.Reason, _limits?.EmergencyStop ?? false, _limits?.AppliedAt,
                ChargerPower.SiteLimitW(_limits, now) / 1000, chargers.Sum(c => c.PowerKw), chargers);
        }
    }

    /// <summary>
    /// One meter sample per charger at <paramref name="now"/>: whole Wh (rounded down, so the register never goes back;
    /// the epsilon absorbs floating-point dust) and whole W.
    /// </summary>
    public IReadOnlyList<MeterValueSample> Samples(DateTimeOffset now)
    {
        lock (_gate)
        {
            SettleAll(now);
            return
            [
                .. _chargers.Select(c => new MeterValueSample(
                    c.Id, now, (long)Math.Floor(c.EnergyWh + 1e-6), (long)Math.Round(c.PowerW(_limits, now), MidpointRounding.AwayFromZero))),
            ];
        }
    }

    /// <summary>Sets one charger's register back to 0 at <paramref name="now"/> (a replaced meter or charger); it counts up again from there.</summary>
    public void ResetRegister(string chargerId, DateTimeOffset now)
    {
        lock (_gate)
        {
            var charger = _chargers.FirstOrDefault(c => c.Id == chargerId)
                ?? throw new ArgumentException($"Site {GroupId} has no charger '{chargerId}'.", nameof(chargerId));
            SettleAll(now);
            charger.ResetRegister();
        }
    }

    private void SettleAll(DateTimeOffset now)
    {
        foreach (var charger in _chargers) charger.Settle(_limits, now);
    }
}
