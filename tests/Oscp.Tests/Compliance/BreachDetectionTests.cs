using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Forecasting;
using static OscpFleet.Oscp.Tests.Compliance.Limits;

namespace OscpFleet.Oscp.Tests.Compliance;

public sealed class BreachDetectionTests
{
    private static readonly TimeSpan Allowance = TimeSpan.FromSeconds(120);

    private static IReadOnlyList<Breach> Find(IssuedSchedule[] versions, double tolerancePercent, params (double Minute, double LoadKw)[] loads) =>
        BreachDetection.Find(loads.Select(l => (At(l.Minute), l.LoadKw * 1000)), t => LimitHistory.At(versions, t), tolerancePercent, Allowance);

    [Fact]
    public void Lowered_limit_is_only_breached_once_the_allowance_has_passed()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(-15, 0, 100), Entry(0, 15, 50))];

        var breaches = Find(versions, 5, (0, 80), (1.99, 80), (2, 80), (3, 80));

        Assert.Equal([At(2), At(3)], breaches.Select(b => b.At));
    }

    [Fact]
    public void Allowance_runs_from_the_issue_of_a_version_lowering_the_limit_mid_block()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(0, 15, 100)), Version(5, Entry(0, 15, 50, "r2"))];

        var breaches = Find(versions, 5, (4, 80), (6, 80), (7, 80));

        var breach = Assert.Single(breaches);
        Assert.Equal((At(7), "r2", At(5)), (breach.At, breach.Limit.RequestId, breach.Limit.InForceSince));
    }

    [Fact]
    public void Raised_limit_gets_no_allowance()
    {
        IssuedSchedule[] versions = [Version(-10, Entry(-15, 0, 50), Entry(0, 15, 100))];

        Assert.Equal([At(0.5)], Find(versions, 5, (0.5, 120)).Select(b => b.At));
    }

    [Fact]
    public void Unchanged_limit_reissued_gets_no_allowance()
    {
        IssuedSchedule[] versions = [Version(-30, Entry(-15, 15, 100)), Version(5, Entry(0, 15, 100, "r2"))];

        // The value has held since the first version's block began: the allowance ran out long ago.
        var breach = Assert.Single(Find(versions, 5, (5.5, 120)));
        Assert.Equal(At(-15), breach.Limit.InForceSince);
    }

    [Theory]
    [InlineData(120, 5, 126, false)]
    [InlineData(120, 5, 126.001, true)]
    [InlineData(100, 5, 105, false)]
    [InlineData(100, 0, 100.05, false)]
    [InlineData(100, 0, 100.051, true)]
    [InlineData(1, 2, 1.05, false)]
    [InlineData(1, 2, 1.051, true)]
    [InlineData(0.3, 0, 0.35, false)]
    [InlineData(33.3, 10, 36.63, false)]
    [InlineData(33.3, 10, 36.631, true)]
    public void Load_exactly_at_the_tolerance_is_no_breach(double limitKw, double tolerancePercent, double loadKw, bool breach)
    {
        IssuedSchedule[] versions = [Version(-30, Entry(-30, 15, limitKw))];

        Assert.Equal(breach, Find(versions, tolerancePercent, (5, loadKw)).Count == 1);
    }

    [Theory]
    [InlineData(0.03, false)]
    [InlineData(0.05, false)]
    [InlineData(0.051, true)]
    [InlineData(3, true)]
    public void Standby_draw_under_an_emergency_stop_is_no_breach(double loadKw, bool breach)
    {
        IssuedSchedule[] versions = [Version(-1, Entry(-15, 0, 100), Entry(0, 15, 0))];

        Assert.Equal(breach, Find(versions, 5, (3, loadKw)).Count == 1);
    }

    [Fact]
    public void Breach_of_the_base_doe_names_no_request()
    {
        IssuedSchedule[] versions = [Version(-30, Entry(-30, 15, 30, requestId: null))];

        var breach = Assert.Single(Find(versions, 5, (5, 40)));

        Assert.Equal(new Breach(At(5), 40, new LimitAtInstant(30, LimitSource.BaseDoe, null, At(-30), At(15), At(-30), Lowered: true)), breach);
    }

    [Fact]
    public void Instant_without_a_limit_is_no_breach()
    {
        IssuedSchedule[] versions = [Version(-30, Entry(-30, 0, 10), Entry(5, 15, 10))];

        Assert.Equal([At(-1), At(8)], Find(versions, 5, (-1, 500), (2, 500), (8, 500), (15, 500)).Select(b => b.At));
    }

    [Fact]
    public void Breaches_come_back_in_time_order()
    {
        IssuedSchedule[] versions = [Version(-30, Entry(-30, 15, 10))];

        Assert.Equal([At(1), At(2), At(3)], Find(versions, 5, (3, 50), (1, 50), (2, 50)).Select(b => b.At));
    }

    [Fact]
    public void Allowance_can_be_zero()
    {
        var limit = new LimitAtInstant(10, LimitSource.Forecast, "r1", At(0), At(15), At(0), Lowered: true);

        var breaches = BreachDetection.Find([(At(0), 20_000)], _ => limit, 5, TimeSpan.Zero);

        Assert.Equal(20, Assert.Single(breaches).LoadKw);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Bad_tolerance_is_refused(double tolerancePercent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BreachDetection.Find([], _ => null, tolerancePercent, Allowance));

    [Fact]
    public void Bad_allowance_or_load_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BreachDetection.Find([], _ => null, 5, TimeSpan.FromTicks(-1)));
        Assert.Throws<ArgumentException>(() => BreachDetection.Find([(At(0), double.NaN)], _ => null, 5, Allowance));
    }
}
