using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

public sealed class TimeTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Time_with_a_plus_13_offset_is_read_as_the_same_instant_and_written_in_utc_with_Z()
    {
        var heartbeat = OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":"2026-11-27T01:00:00+13:00"}""");

        Assert.Equal(Noon, heartbeat.OfflineModeAt);
        Assert.Equal(TimeSpan.FromHours(13), heartbeat.OfflineModeAt.Offset);
        Assert.Equal("""{"offline_mode_at":"2026-11-26T12:00:00Z"}""", OscpJson.Serialize(heartbeat));
    }

    [Theory]
    [InlineData("2026-11-26T07:00:00-05:00")]
    [InlineData("2026-11-26T12:00:00Z")]
    [InlineData("2026-11-26T12:00:00z")]
    [InlineData("2026-11-26t12:00:00Z")]
    [InlineData("2026-11-26T12:00:00.000Z")]
    [InlineData("2026-11-26T12:00:00.000000000Z")]
    [InlineData("2026-11-26T12:00:00+00:00")]
    [InlineData("2026-11-26T12:00:00-00:00")]
    [InlineData("2026-11-26T17:45:00+05:45")]
    public void Any_rfc3339_offset_with_or_without_fractional_seconds_reads_as_the_instant(string text)
    {
        Assert.True(Rfc3339.TryParse(text, out var value), text);
        Assert.Equal(Noon, value);
    }

    [Fact]
    public void Fractional_seconds_keep_their_value_down_to_ticks()
    {
        Assert.True(Rfc3339.TryParse("2026-11-26T12:00:00.1234567891Z", out var value));

        Assert.Equal(Noon.AddTicks(1_234_567), value);
    }

    [Fact]
    public void Time_without_an_offset_is_rejected_with_a_message_that_asks_for_one()
    {
        var error = Assert.Throws<JsonException>(() => OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":"2026-11-26T12:00:00"}"""));

        Assert.Contains("2026-11-26T12:00:00", error.Message);
        Assert.Contains("with an offset", error.Message);
    }

    [Fact]
    public void Optional_time_without_an_offset_is_rejected_too()
    {
        var json = JsonEdit.Set(OscpExamples.UpdateGroupMeasurements, "measurements[1].initial_measure_time", "2026-11-26T12:00:00");

        var error = Assert.Throws<JsonException>(() => OscpJson.Deserialize<UpdateGroupMeasurements>(json));

        Assert.Contains("with an offset", error.Message);
    }

    [Theory]
    [InlineData("2026-11-26T12:00:00")]
    [InlineData("2026-11-26 12:00:00Z")]
    [InlineData("2026-11-26_12:00:00Z")]
    [InlineData("2026-11-26T12:00Z")]
    [InlineData("2026-11-26")]
    [InlineData("2026-02-30T12:00:00Z")]
    [InlineData("2026-11-26T24:00:00Z")]
    [InlineData("2026-12-31T23:59:60Z")]
    [InlineData("2026-11-26T12:00:00+1300")]
    [InlineData("2026-11-26T12:00:00+15:00")]
    [InlineData("2026-11-26T12:00:00.Z")]
    [InlineData("2026-11-26T12:00:00Z\n")]
    [InlineData("1764158400")]
    [InlineData("")]
    public void Text_that_is_not_an_rfc3339_time_with_an_offset_is_rejected(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _), text);
    }

    [Fact]
    public void Time_given_as_a_number_is_rejected()
    {
        Assert.Throws<JsonException>(() => OscpJson.Deserialize<Heartbeat>("""{"offline_mode_at":1764158400}"""));
    }

    [Fact]
    public void Times_are_written_in_whole_seconds_with_milliseconds_only_when_non_zero()
    {
        var auckland = TimeSpan.FromHours(13);

        Assert.Equal("2026-11-26T12:00:00Z", Rfc3339.Format(new DateTimeOffset(2026, 11, 27, 1, 0, 0, auckland)));
        Assert.Equal("2026-11-26T12:00:00.250Z", Rfc3339.Format(Noon.AddMilliseconds(250)));
        Assert.Equal("2026-11-26T12:00:00.001Z", Rfc3339.Format(Noon.AddTicks(19_999)));
        Assert.Equal("2026-11-26T12:00:00Z", Rfc3339.Format(Noon.AddTicks(9_999)));
    }
}
