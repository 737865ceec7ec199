using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetChargerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = FleetHarness.Start;
    private FleetHarness _h = null!;

    public async Task InitializeAsync() => _h = await FleetHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task Without_any_limit_every_charger_draws_its_demand()
    {
        _h.Clock.Advance(TimeSpan.FromMinutes(6));

        var site = _h.Sim.GetSite("SITE_1");
        Assert.Equal((50.0, 100.0), (site.Charger("CS-001").PowerKw, site.Charger("CS-002").PowerKw));
        Assert.Equal((5000.0, 10000.0), (Math.Round(site.Charger("CS-001").EnergyWh, 6), Math.Round(site.Charger("CS-002").EnergyWh, 6)));
        Assert.Null(site.LimitKw);
    }

    [Fact]
    public async Task Chargers_follow_their_OCPP_station_limits_period_by_period_and_never_exceed_them()
    {
        await _h.DeliverAsync(LimitDocuments.Build(
            "SITE_1", 1, [(Start, 24, 90)],
            [("CS-001", [(0, 20_000), (600, 45_000)]), ("CS-002", [(0, 70_000), (600, 45_000)])]));

        var first = _h.Sim.GetSite("SITE_1");
        _h.Clock.Advance(TimeSpan.FromMinutes(20)); // crosses the 10-minute period boundary inside one step
        var later = _h.Sim.GetSite("SITE_1");

        Assert.Equal((20.0, 70.0, 90.0), (first.Charger("CS-001").PowerKw, first.Charger("CS-002").PowerKw, first.DrawingKw));
        Assert.Equal((45.0, 45.0, 90.0), (later.Charger("CS-001").PowerKw, later.Charger("CS-002").PowerKw, later.DrawingKw));
        Assert.All(first.Chargers.Concat(later.Chargers), c => Assert.True(c.PowerKw <= c.LimitKw, $"{c.Id} draws {c.PowerKw} kW over {c.LimitKw} kW"));
        // Exact integration: 20 kW then 45 kW for 10 minutes each; 70 kW then 45 kW.
        Assert.Equal(10_833.333333, later.Charger("CS-001").EnergyWh, 5);
        Assert.Equal(19_166.666667, later.Charger("CS-002").EnergyWh, 5);
    }

    [Fact]
    public async Task A_station_limit_above_the_demand_leaves_the_car_at_its_demand()
    {
        _h.Sim.SetDemand("SITE_1", "CS-002", 30);
        await _h.DeliverAsync(LimitDocuments.Build("SITE_1", 1, [(Start, 24, 150)], [("CS-001", [(0, 50_000)]), ("CS-002", [(0, 100_000)])]));

        var site = _h.Sim.GetSite("SITE_1");

        Assert.Equal((30.0, 100.0), (site.Charger("CS-002").PowerKw, site.Charger("CS-002").LimitKw));
    }

    [Fact]
    public async Task A_charger_without_an_OCPP_entry_takes_its_rated_share_of_the_site_schedule()
    {
        await _h.DeliverAsync(LimitDocuments.Build("SITE_1", 1, [(Start, 1, 60), (Start.AddHours(1), 23, 300)]));

        var constrained = _h.Sim.GetSite("SITE_1");
        _h.Clock.Advance(TimeSpan.FromHours(1));
        var relaxed = _h.Sim.GetSite("SITE_1");

        Assert.Equal((20.0, 40.0, 60.0), (constrained.Charger("CS-001").PowerKw, constrained.Charger("CS-002").PowerKw, constrained.LimitKw));
        Assert.Equal((50.0, 100.0, 300.0), (relaxed.Charger("CS-001").PowerKw, relaxed.Charger("CS-002").PowerKw, relaxed.LimitKw));
        Assert.Equal(20_000, relaxed.Charger("CS-001").EnergyWh, 6);
    }

    [Fact]
    public async Task An_emergency_stop_takes_every_charger_to_zero_at_once_and_the_registers_stop()
    {
        await _h.DeliverAsync(LimitDocuments.Flat("SITE_1", 1, 150));
        _h.Clock.Advance(TimeSpan.FromMinutes(6));
        await _h.DeliverAsync(LimitDocuments.Build(
            "SITE_1", 2, [(Start.AddMinutes(6), 24, 0)], [("CS-001", [(0, 0)]), ("CS-002", [(0, 0)])], reason: "emergency_stop", emergencyStop: true));

        var stopped = _h.Sim.GetSite("SITE_1");
        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        var later = _h.Sim.GetSite("SITE_1");

        Assert.Equal((true, "emergency_stop", 0.0, 0.0), (stopped.EmergencyStop, stopped.Reason, stopped.DrawingKw, stopped.LimitKw));
        Assert.All(later.Chargers, c => Assert.Equal(0, c.PowerKw));
        Assert.Equal((5000.0, 10000.0), (Math.Round(later.Charger("CS-001").EnergyWh, 6), Math.Round(later.Charger("CS-002").EnergyWh, 6)));
    }

    [Fact]
    public async Task An_emergency_stop_overrides_station_profiles_that_still_allow_power()
    {
        await _h.DeliverAsync(LimitDocuments.Build(
            "SITE_1", 1, [(Start, 24, 150)], [("CS-001", [(0, 50_000)]), ("CS-002", [(0, 100_000)])], reason: "emergency_stop", emergencyStop: true));

        Assert.Equal(0, _h.Sim.GetSite("SITE_1").DrawingKw);
    }

    [Fact]
    public async Task A_later_version_replaces_the_station_limits_from_the_moment_it_is_applied()
    {
        await _h.DeliverAsync(LimitDocuments.Build("SITE_1", 1, [(Start, 24, 30)], [("CS-001", [(0, 10_000)]), ("CS-002", [(0, 20_000)])]));
        _h.Clock.Advance(TimeSpan.FromMinutes(30));
        await _h.DeliverAsync(LimitDocuments.Build("SITE_1", 2, [(Start, 24, 150)], [("CS-001", [(0, 50_000)]), ("CS-002", [(0, 100_000)])]));
        _h.Clock.Advance(TimeSpan.FromMinutes(30));

        var site = _h.Sim.GetSite("SITE_1");

        Assert.Equal((2L, 150.0), (site.AppliedVersion, site.DrawingKw));
        Assert.Equal(5_000 + 25_000, site.Charger("CS-001").EnergyWh, 6);
        Assert.Equal(10_000 + 50_000, site.Charger("CS-002").EnergyWh, 6);
    }
}
