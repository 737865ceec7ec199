using CsCheck;
using OscpFleet.Oscp.Connection;

namespace OscpFleet.Oscp.Tests.Connection;

/// <summary>The rules that keep a connection from flapping: first-heartbeat grace, CPs that never heartbeat, our own liveness.</summary>
public sealed class LivenessRulesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(10, 300, 300)]
    [InlineData(10, 0, 30)]
    [InlineData(200, 300, 600)]
    public void The_first_heartbeat_may_come_up_to_three_asked_intervals_or_the_grace_whichever_is_later(int asked, int grace, int expectedSeconds) =>
        Assert.Equal(T0.AddSeconds(expectedSeconds), ConnectionRules.FirstHeartbeatDeadline(T0, asked, grace));

    [Fact]
    public void The_silence_of_a_cp_we_expect_no_heartbeats_from_never_counts()
    {
        Assert.Null(ConnectionRules.SilenceDeadline(false, T0));
        Assert.Equal(T0, ConnectionRules.SilenceDeadline(true, T0));
        Assert.False(ConnectionRules.TheyWentSilent(null, DateTimeOffset.MaxValue));
    }

    [Theory]
    [InlineData(null, true, 0, false)]
    [InlineData(10, true, 0, false)]
    [InlineData(10, true, 10, true)]
    [InlineData(10, true, 11, true)]
    [InlineData(10, false, 11, false)] // we did not even try (a paused process): the next heartbeat asks the CP
    public void The_cp_counts_us_offline_once_the_offline_mode_at_of_our_last_accepted_heartbeat_passed_with_attempts_refused(
        int? announcedAtSecond, bool failing, int nowSecond, bool expected) =>
        Assert.Equal(expected, ConnectionRules.TheyThinkWeAreOffline(announcedAtSecond is { } s ? T0.AddSeconds(s) : null, failing, T0.AddSeconds(nowSecond)));

    /// <summary>
    /// A CP history: the gap before each heartbeat and how far ahead it puts its <c>offline_mode_at</c>, in seconds.
    /// </summary>
    private static readonly Gen<(int Gap, int Ahead)[]> GenHeartbeats = Gen.Select(Gen.Int[1, 900], Gen.Int[1, 900]).Array[0, 40];

    [Fact]
    public void A_cp_whose_every_heartbeat_comes_before_its_previous_offline_mode_at_is_never_silent() =>
        Gen.Select(GenHeartbeats, Gen.Int[1, 120], Gen.Int[0, 900], Gen.Int[0, 900]).Sample((beats, asked, grace, probe) =>
        {
            // Keep only histories the CP honoured: each heartbeat before the deadline in force.
            var deadline = ConnectionRules.FirstHeartbeatDeadline(T0, asked, grace);
            var now = T0;
            foreach (var (gap, ahead) in beats)
            {
                var next = now.AddSeconds(gap);
                if (next >= deadline) return;
                // Every instant up to this heartbeat: not silent.
                var probeAt = now.AddSeconds(Math.Min(probe, gap - 1));
                Assert.False(ConnectionRules.TheyWentSilent(ConnectionRules.SilenceDeadline(true, deadline), probeAt), $"silent at {probeAt:T} before {deadline:T}");
                now = next;
                deadline = now.AddSeconds(ahead);
            }
            Assert.False(ConnectionRules.TheyWentSilent(deadline, deadline.AddTicks(-1)));
            Assert.True(ConnectionRules.TheyWentSilent(deadline, deadline));
        });

    [Fact]
    public void Without_expected_heartbeats_no_silence_ever_makes_the_limits_lost_while_online_or_re_handshaking() =>
        Gen.Select(GenHeartbeats, Gen.Bool.Array[1, 40], Gen.Int[0, 86_400]).Sample((beats, handshaking, later) =>
        {
            var lost = false;
            var now = T0;
            DateTimeOffset? theirs = ConnectionRules.FirstHeartbeatDeadline(T0, 10, 0);
            for (var i = 0; i < handshaking.Length; i++)
            {
                now = now.AddSeconds(later / handshaking.Length + (i < beats.Length ? beats[i].Gap : 1));
                if (i < beats.Length) theirs = now.AddSeconds(beats[i].Ahead);
                lost = ConnectionRules.LimitsLost(lost, !handshaking[i], handshaking[i], ConnectionRules.SilenceDeadline(false, theirs), now.AddSeconds(later));
                Assert.False(lost, $"step {i}: lost while {(handshaking[i] ? "re-handshaking" : "online")}");
            }
        });
}
