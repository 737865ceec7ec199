namespace OscpFleet.Simulator.Tests;

public sealed class RecordLogTests
{
    [Fact]
    public async Task The_nth_match_counts_records_kept_and_records_to_come()
    {
        var log = new RecordLog<string>(s => s);
        log.Add("report 1");
        log.Add("heartbeat");

        var second = log.WaitForNthAsync(s => s.StartsWith("report", StringComparison.Ordinal), 2, SimulatorHarness.Timeout);
        var third = log.WaitForNthAsync(s => s.StartsWith("report", StringComparison.Ordinal), 3, SimulatorHarness.Timeout);
        Assert.False(second.IsCompleted);
        log.Add("report 2");
        log.Add("report 3");

        Assert.Equal(("report 2", "report 3"), (await second, await third));
        Assert.Equal("report 1", await log.WaitForNthAsync(s => s.StartsWith("report", StringComparison.Ordinal), 1, SimulatorHarness.Timeout));
    }

    [Fact]
    public async Task A_timeout_says_which_match_was_wanted_and_lists_what_arrived()
    {
        var log = new RecordLog<string>(s => s);
        log.Add("report 1");

        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => log.WaitForNthAsync(s => s.StartsWith("report", StringComparison.Ordinal), 3, TimeSpan.FromMilliseconds(20)));

        Assert.Contains("wanted match #3; 1 so far", error.Message, StringComparison.Ordinal);
        Assert.Contains("report 1", error.Message, StringComparison.Ordinal);
    }
}
