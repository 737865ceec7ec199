using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>Defence in depth behind the duplicate rule: whatever copy a reader would take, a limit is never negative or infinite.</summary>
public sealed class CapacityRangeTests
{
    [Theory]
    [InlineData("-1", "must be >= 0")]
    [InlineData("-0.001", "must be >= 0")]
    [InlineData("-1e-9", "must be >= 0")]
    [InlineData("-1e999", "must be >= 0")]
    [InlineData("1e999", "must be a finite number")]
    [InlineData("1.8e308", "must be a finite number")]
    [InlineData("\"1e999\"", "must be a finite number")]
    [InlineData("\"-1\"", "must be a number >= 0")]
    [InlineData("\"NaN\"", "must be a number >= 0")]
    [InlineData("\"Infinity\"", "must be a number >= 0")]
    [InlineData("\"-Infinity\"", "must be a number >= 0")]
    public void A_negative_or_non_finite_capacity_is_refused_and_never_read(string capacityJson, string reason)
    {
        foreach (var kind in new[] { OscpMessageKind.UpdateGroupCapacityForecast, OscpMessageKind.AdjustGroupCapacityForecast, OscpMessageKind.GroupCapacityComplianceError })
        {
            var body = JsonEdit.SetRaw(OscpExamples.For(kind), "forecasted_blocks[0].capacity", capacityJson);

            var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

            Assert.Equal([$"forecasted_blocks[0].capacity: {reason}"], result.Errors);
        }

        var forecast = JsonEdit.SetRaw(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", capacityJson);
        Assert.False(OscpValidator.TryRead<UpdateGroupCapacityForecast>(forecast, PeerProfile.Oscp, out var message, out _));
        Assert.Null(message);
    }

    [Theory]
    [InlineData("1.7e308", 1.7e308)]
    [InlineData("\"1.7e308\"", 1.7e308)]
    [InlineData("0", 0)]
    public void The_largest_finite_capacities_are_still_read(string capacityJson, double expected)
    {
        var body = JsonEdit.SetRaw(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity", capacityJson);

        Assert.True(OscpValidator.TryRead<UpdateGroupCapacityForecast>(body, PeerProfile.Oscp, out var forecast, out var result), result.ToString());
        Assert.Equal(expected, forecast.ForecastedBlocks[0].Capacity);
    }
}
