using CsCheck;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>The stations' limits never add up to more than the site limit, whatever the ratings and limits.</summary>
public sealed class PowerSplitProperties
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static readonly Gen<double> GenKw = Gen.OneOf(
        Gen.Double[0, 5000],
        Gen.Int[0, 5000].Select(kw => (double)kw),
        Gen.Int[0, 5_000_000].Select(w => w / 1000.0),
        Gen.Const(0.0));

    private static readonly Gen<double[]> GenRatings = Gen.OneOf(
        Gen.Double[0.001, 400],
        Gen.OneOf(3.7, 7.4, 11.0, 22.0, 50.0, 150.0, 350.0)).Array[1, 24];

    [Fact]
    public void Stations_together_never_exceed_the_site_limit() =>
        Gen.Select(GenRatings, GenKw.Array[1, 8]).Sample((ratings, limits) =>
        {
            var schedule = limits.Select((kw, i) => new ScheduledLimit(Now.AddMinutes(15 * i), Now.AddMinutes(15 * (i + 1)), kw, LimitSource.Forecast, "r" + i)).ToArray();
            var chargers = ratings.Select((kw, i) => new ChargerRating("CS-" + i, kw)).ToArray();

            var document = LimitDocuments.Build("G", 1, Now, schedule, chargers, LimitDocumentOptions.Default, new HashSet<string>());

            foreach (var entry in document.Schedule)
            {
                var offset = (int)(entry.From - Now).TotalSeconds;
                var stations = document.Ocpp.Select(o => LimitAt(o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0], offset)).ToArray();
                Assert.True(stations.Sum() <= entry.Kw * 1000, $"{stations.Sum()} W for a site limit of {entry.Kw} kW");
                Assert.All(stations, w => Assert.True(w >= 0 && w == Math.Floor(w), $"{w} is not a whole, non-negative number of watts"));

                // Rounding down costs less than a watt per station, plus the site limit's own fraction of a watt.
                Assert.True(stations.Sum() > (entry.Kw * 1000) - stations.Length - 1, $"{stations.Sum()} W wastes too much of {entry.Kw} kW");
            }
        });

    [Fact]
    public void Each_share_is_the_proportional_share_of_the_whole_watt_site_limit_rounded_down() =>
        Gen.Select(Gen.OneOf(Gen.Double[1, 400], Gen.OneOf(3.7, 7.4, 22.0, 150.0)).Array[1, 24], GenKw).Sample((ratings, kw) =>
        {
            var siteWatts = PowerSplit.Watts(kw);
            var shares = PowerSplit.Split(siteWatts, ratings.Select(PowerSplit.Weight).ToArray());

            Assert.Equal(Math.Floor(kw * 1000), siteWatts);
            var total = ratings.Sum();
            for (var i = 0; i < shares.Length; i++)
            {
                // Ratings are weighed in microwatts, so the exact share may differ from ours by a hair either way.
                var exact = siteWatts * ratings[i] / total;
                Assert.True(exact - shares[i] is > -0.001 and < 1.001, $"station {i}: {shares[i]} W, proportional share {exact} W");
            }
        });

    private static double LimitAt(ChargingSchedule schedule, int offset) =>
        schedule.ChargingSchedulePeriod.Last(p => p.StartPeriod <= offset).Limit;
}
