using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

public sealed class ForecastProfileTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private static ForecastedBlock Block(double capacity, int index) =>
        new(capacity, PhaseIndicator.All, ForecastedBlockUnit.Kw, Start.AddMinutes(15 * index), Start.AddMinutes(15 * (index + 1)));

    [Fact]
    public void Profile_of_only_zero_blocks_is_all_zero() =>
        Assert.True(ForecastProfile.IsAllZero([Block(0, 0), Block(0, 1), Block(0, 2)]));

    [Fact]
    public void One_non_zero_block_makes_the_profile_not_all_zero() =>
        Assert.False(ForecastProfile.IsAllZero([Block(0, 0), Block(0.001, 1), Block(0, 2)]));

    [Fact]
    public void Empty_profile_is_not_all_zero() =>
        Assert.False(ForecastProfile.IsAllZero([]));
}
