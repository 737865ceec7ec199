using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class CapacityUnitsTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly ElectricalConnection ThreePhase = new(230, 3);

    private static ForecastedBlock Block(double capacity, ForecastedBlockUnit unit, PhaseIndicator phase = PhaseIndicator.All, int minutes = 15) =>
        new(capacity, phase, unit, Start, Start.AddMinutes(minutes));

    [Fact]
    public void Watts_are_divided_by_a_thousand() =>
        Assert.Equal(11.5, CapacityUnits.ToKw(Block(11_500, ForecastedBlockUnit.W), ThreePhase), 9);

    [Fact]
    public void Kilowatts_are_taken_as_they_are() =>
        Assert.Equal(42.25, CapacityUnits.ToKw(Block(42.25, ForecastedBlockUnit.Kw), ThreePhase), 9);

    [Fact]
    public void Amps_on_all_phases_apply_to_each_phase_of_a_230_V_three_phase_connection() =>
        Assert.Equal(16 * 230 * 3 / 1000.0, CapacityUnits.ToKw(Block(16, ForecastedBlockUnit.A), ThreePhase), 9); // 11.04 kW

    [Fact]
    public void Amps_with_unknown_phase_are_read_like_all_phases() =>
        Assert.Equal(
            CapacityUnits.ToKw(Block(32, ForecastedBlockUnit.A, PhaseIndicator.All), ThreePhase),
            CapacityUnits.ToKw(Block(32, ForecastedBlockUnit.A, PhaseIndicator.Unknown), ThreePhase),
            9);

    [Theory]
    [InlineData(PhaseIndicator.One)]
    [InlineData(PhaseIndicator.Two)]
    [InlineData(PhaseIndicator.Three)]
    public void Amps_on_one_phase_give_that_phase_power_only(PhaseIndicator phase) =>
        Assert.Equal(3.68, CapacityUnits.ToKw(Block(16, ForecastedBlockUnit.A, phase), ThreePhase), 9);

    [Fact]
    public void Amps_on_all_phases_of_a_single_phase_connection_count_one_phase() =>
        Assert.Equal(7.36, CapacityUnits.ToKw(Block(32, ForecastedBlockUnit.A), new ElectricalConnection(230, 1)), 9);

    [Fact]
    public void Kilowatt_hours_over_a_quarter_hour_are_four_times_the_power() =>
        Assert.Equal(40, CapacityUnits.ToKw(Block(10, ForecastedBlockUnit.Kwh), ThreePhase), 9);

    [Fact]
    public void Watt_hours_over_an_hour_are_the_average_power() =>
        Assert.Equal(7.5, CapacityUnits.ToKw(Block(7_500, ForecastedBlockUnit.Wh, minutes: 60), ThreePhase), 9);

    [Fact]
    public void Energy_budget_of_a_zero_length_block_is_rejected() =>
        Assert.Throws<ArgumentException>(() => CapacityUnits.ToKw(Block(10, ForecastedBlockUnit.Kwh, minutes: 0), ThreePhase));

    [Fact]
    public void Amps_need_a_positive_voltage() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CapacityUnits.ToKw(Block(16, ForecastedBlockUnit.A), new ElectricalConnection(0, 3)));
}
