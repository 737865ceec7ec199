using OscpFleet.Oscp.Retry;

namespace OscpFleet.Oscp.Tests.Retry;

public sealed class BackoffTests
{
    [Fact]
    public void Handshake_retries_back_off_exponentially_up_to_the_cap()
    {
        var delays = Enumerable.Range(1, 12).Select(a => Backoff.Handshake.Delay(a, 0.999)).ToList();

        Assert.InRange(delays[0].TotalSeconds, 1.99, 2.0);
        Assert.InRange(delays[1].TotalSeconds, 3.99, 4.0);
        Assert.All(delays.Zip(delays.Skip(1)), pair => Assert.True(pair.Second >= pair.First));
        Assert.InRange(delays[^1].TotalSeconds, Backoff.Handshake.Max.TotalSeconds - 0.5, Backoff.Handshake.Max.TotalSeconds);
    }

    [Fact]
    public void Jitter_spreads_a_retry_over_the_upper_half_of_its_window()
    {
        Assert.Equal(TimeSpan.FromSeconds(4), Backoff.Handshake.Delay(3, 0));
        Assert.Equal(TimeSpan.FromSeconds(8), Backoff.Handshake.Delay(3, 1));
    }

    [Theory]
    [InlineData(1, 0.0, 0.5)]
    [InlineData(1, 0.999, 0.9995)]
    [InlineData(2, 0.0, 1)]
    [InlineData(4, 0.0, 4)]
    [InlineData(9, 0.0, 128)]
    [InlineData(10, 0.0, 150)]
    [InlineData(50, 0.999, 299.85)]
    public void Outbox_delay_doubles_from_one_second_to_five_minutes_with_equal_jitter(int attempts, double jitter, double expectedSeconds) =>
        Assert.Equal(expectedSeconds, Backoff.Outbox.Delay(attempts, jitter).TotalSeconds, 3);

    [Fact]
    public void Webhook_retries_never_wait_more_than_a_minute_so_a_limit_can_be_in_force_within_two()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.Webhook.Step(1));
        Assert.Equal(TimeSpan.FromMinutes(1), Backoff.Webhook.Step(40));
        Assert.All(Enumerable.Range(1, 100), a => Assert.True(Backoff.Webhook.Delay(a, 0.999) <= TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void A_step_is_never_below_the_first_nor_above_the_cap_whatever_the_attempt() =>
        Assert.All(new[] { 1, 2, 31, 1000, int.MaxValue }, a =>
            Assert.InRange(Backoff.Outbox.Step(a), Backoff.Outbox.First, Backoff.Outbox.Max));
}
