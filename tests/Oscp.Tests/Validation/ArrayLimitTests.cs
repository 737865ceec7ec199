using System.Globalization;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// A body near the size limit is refused or accepted without walking thousands of items through the schema: an array
/// longer than <see cref="OscpValidator.MaxArrayItems"/> is refused alone, so no per-item rule ever ran on it.
/// </summary>
public sealed class ArrayLimitTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static string Forecast(int blocks, Func<int, string> capacity) =>
        "{\"group_id\":\"BUS_AUK_1\",\"type\":\"CONSUMPTION\",\"forecasted_blocks\":["
        + string.Join(',', Enumerable.Range(0, blocks).Select(i => string.Create(CultureInfo.InvariantCulture,
            $"{{\"capacity\":{capacity(i)},\"phase\":\"ALL\",\"unit\":\"KW\",\"start_time\":\"{Start.AddMinutes(5 * i):yyyy-MM-ddTHH:mm:ssZ}\",\"end_time\":\"{Start.AddMinutes(5 * (i + 1)):yyyy-MM-ddTHH:mm:ssZ}\"}}")))
        + "]}";

    [Fact]
    public void A_forecast_with_one_block_too_many_is_refused_with_one_problem_and_no_block_is_examined()
    {
        // Every block is invalid: had any per-block rule run, there would be thousands of problems.
        var body = Forecast(OscpValidator.MaxArrayItems + 1, _ => "-1");

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp);

        Assert.Equal([$"forecasted_blocks: must hold at most {OscpValidator.MaxArrayItems} items ({OscpValidator.MaxArrayItems + 1} given)"], result.Errors);
    }

    [Fact]
    public void A_forecast_of_exactly_the_limit_is_validated_in_full_down_to_its_last_block()
    {
        var last = OscpValidator.MaxArrayItems - 1;
        var valid = Forecast(OscpValidator.MaxArrayItems, _ => "50");
        var lastBad = Forecast(OscpValidator.MaxArrayItems, i => i == last ? "-1" : "50");

        Assert.True(OscpValidator.TryRead<UpdateGroupCapacityForecast>(valid, PeerProfile.Oscp, out var message, out var result), result.ToString());
        Assert.Equal(OscpValidator.MaxArrayItems, message.ForecastedBlocks.Count);
        Assert.Equal([$"forecasted_blocks[{last}].capacity: must be >= 0"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, lastBad, PeerProfile.Oscp).Errors);
    }

    [Fact]
    public void An_over_long_array_inside_a_nested_object_is_named_by_its_path()
    {
        var body = "{\"required_behaviour\":{\"heartbeat_interval\":30,\"measurement_configuration\":["
            + string.Join(',', Enumerable.Repeat("\"CONTINUOUS\"", OscpValidator.MaxArrayItems + 5)) + "]}}";

        var result = OscpValidator.Validate(OscpMessageKind.Handshake, body, PeerProfile.Oscp);

        Assert.Equal([$"required_behaviour.measurement_configuration: must hold at most {OscpValidator.MaxArrayItems} items ({OscpValidator.MaxArrayItems + 5} given)"], result.Errors);
    }
}
