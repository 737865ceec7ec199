using CsCheck;
using OscpFleet.Oscp.Connection;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Forecasting;

/// <summary>
/// Grid safety as properties: over random forecast sets (types, phases, units, zeros, gaps) and random connection
/// histories, a lost connection never raises a limit, an all-zero forecast holds, and the phase rule binds.
/// </summary>
public sealed class LimitInForceProperties
{
    private const int Horizon = 360;
    private static readonly DateTimeOffset T0 = new(2026, 12, 3, 0, 0, 0, TimeSpan.Zero);
    private static readonly ElectricalConnection Connection = ElectricalConnection.ThreePhase230V;

    private static readonly Gen<PhaseIndicator> GenPhase = Gen.OneOf(PhaseIndicator.All, PhaseIndicator.Unknown, PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three);

    /// <summary>Few distinct values, zeros among them, so ties, zeros and equal neighbours are common.</summary>
    private static readonly Gen<double> GenCapacity = Gen.OneOf(Gen.OneOf(0.0, 5, 10, 50, 100, 300), Gen.Double[0, 400]);

    private static readonly Gen<ForecastedBlock> GenBlock =
        Gen.Select(Gen.Int[0, 300], Gen.Int[1, 120], GenCapacity, GenPhase, Gen.Bool)
            .Select((start, length, capacity, phase, amps) => new ForecastedBlock(
                capacity, phase, amps ? ForecastedBlockUnit.A : ForecastedBlockUnit.Kw, T0.AddMinutes(start), T0.AddMinutes(start + length)));

    /// <summary>One UpdateGroupCapacityForecast: a type and its blocks (gaps between them are common).</summary>
    private static readonly Gen<(CapacityForecastType Type, ForecastedBlock[] Blocks)> GenMessage =
        Gen.Select(Gen.OneOf(CapacityForecastType.Consumption, CapacityForecastType.FallbackConsumption), GenBlock.Array[1, 5]);

    private static readonly Gen<SiteForecasts> GenForecasts = GenMessage.Array[0, 6].Select(Merge);

    /// <summary>Base DOE, contract maximum and phase count of a site.</summary>
    private static readonly Gen<(double BaseKw, double MaxKw, int Phases)> GenSite =
        Gen.Select(Gen.OneOf(Gen.OneOf(0.0, 100), Gen.Double[0, 400]), Gen.Double[10, 500], Gen.Int[1, 3]);

    private static SiteForecasts Merge(IEnumerable<(CapacityForecastType Type, ForecastedBlock[] Blocks)> messages) =>
        messages.Select((m, i) => (m, i)).Aggregate(SiteForecasts.Empty, (f, x) => f.Apply(x.m.Type, x.m.Blocks, Connection, "r" + x.i));

    private static IEnumerable<DateTimeOffset> Minutes() => Enumerable.Range(-1, Horizon + 2).Select(m => T0.AddMinutes(m));

    private static SiteForecasts FallbackOnly(SiteForecasts forecasts) =>
        new([.. forecasts.Series.Where(s => s.Type != CapacityForecastType.Consumption)]);

    [Fact]
    public void A_lost_connection_never_raises_a_limit_and_never_goes_above_the_fallback() =>
        Gen.Select(GenForecasts, GenSite).Sample((forecasts, site) =>
        {
            foreach (var t in Minutes())
            {
                var live = LimitInForce.At(forecasts, t, connectionLost: false, site.BaseKw, site.MaxKw, site.Phases);
                var lost = LimitInForce.At(forecasts, t, connectionLost: true, site.BaseKw, site.MaxKw, site.Phases);
                var fallback = LimitInForce.At(FallbackOnly(forecasts), t, connectionLost: false, site.BaseKw, site.MaxKw, site.Phases);
                Assert.True(lost.Kw <= live.Kw, $"at {t:t}: lost {lost} above live {live}");
                Assert.True(lost.Kw <= fallback.Kw, $"at {t:t}: lost {lost} above the fallback/base {fallback}");
                Assert.InRange(lost.Kw, 0, site.MaxKw);
                Assert.InRange(live.Kw, 0, site.MaxKw);
            }
        });

    [Fact]
    public void An_all_zero_consumption_forecast_gives_zero_wherever_it_covers_whatever_the_connection_does() =>
        Gen.Select(GenForecasts, GenSite, Gen.Int[0, 300], Gen.Int[1, 120], GenPhase).Sample((forecasts, site, start, length, phase) =>
        {
            var stop = forecasts.Apply(
                CapacityForecastType.Consumption,
                [new ForecastedBlock(0, phase, ForecastedBlockUnit.Kw, T0.AddMinutes(start), T0.AddMinutes(start + length))],
                Connection,
                "stop");
            foreach (var t in Minutes().Where(t => t >= T0.AddMinutes(start) && t < T0.AddMinutes(start + length)))
            {
                Assert.Equal(0, LimitInForce.At(stop, t, connectionLost: false, site.BaseKw, site.MaxKw, site.Phases).Kw);
                Assert.Equal(0, LimitInForce.At(stop, t, connectionLost: true, site.BaseKw, site.MaxKw, site.Phases).Kw);
            }
        });

    [Fact]
    public void Whole_site_and_per_phase_blocks_bind_together() =>
        Gen.Select(GenForecasts, GenSite).Sample((forecasts, site) =>
        {
            foreach (var t in Minutes())
            {
                var whole = forecasts.Timeline(CapacityForecastType.Consumption, PhaseIndicator.All).At(t)?.Kw;
                var phases = new[] { PhaseIndicator.One, PhaseIndicator.Two, PhaseIndicator.Three }
                    .Select(p => forecasts.Timeline(CapacityForecastType.Consumption, p).At(t)?.Kw)
                    .OfType<double>()
                    .ToList();
                if (whole is null && phases.Count == 0) continue;
                var expected = Math.Min(whole ?? double.MaxValue, phases.Count == 0 ? double.MaxValue : site.Phases * phases.Min());
                var live = LimitInForce.At(forecasts, t, connectionLost: false, site.BaseKw, site.MaxKw, site.Phases);
                Assert.Equal(Math.Min(expected, site.MaxKw), live.Kw, 9);
                Assert.Equal(LimitSource.Forecast, live.Source);
            }
        });

    [Fact]
    public void A_schedule_built_while_lost_is_nowhere_above_the_one_built_while_live() =>
        Gen.Select(GenForecasts, GenSite).Sample((forecasts, site) =>
        {
            var live = LimitSchedule.Build(forecasts, T0, T0.AddMinutes(Horizon), connectionLost: false, site.BaseKw, site.MaxKw, site.Phases);
            var lost = LimitSchedule.Build(forecasts, T0, T0.AddMinutes(Horizon), connectionLost: true, site.BaseKw, site.MaxKw, site.Phases);
            foreach (var t in Minutes().Where(t => t >= T0 && t < T0.AddMinutes(Horizon)))
            {
                Assert.True(lost.Single(l => l.Start <= t && t < l.End).Kw <= live.Single(l => l.Start <= t && t < l.End).Kw, $"at {t:t}");
            }
        });

    /// <summary>One step of a connection's life, as the peer sees it.</summary>
    private enum Step { Forecast, CpHandshake, Online, Offline, Heartbeat, Wait }

    private static readonly Gen<(Step Step, int Minutes, (CapacityForecastType Type, ForecastedBlock[] Blocks) Message)> GenStep =
        Gen.Select(Gen.OneOf(Step.Forecast, Step.Forecast, Step.CpHandshake, Step.Online, Step.Offline, Step.Heartbeat, Step.Wait), Gen.Int[0, 15], GenMessage);

    /// <summary>
    /// Random connection histories driving <see cref="ConnectionRules.LimitsLost"/>, forecasts arriving only while
    /// Online (the gateway's gate; one arriving after the CP's offline_mode_at passed but before the peer noticed is a
    /// live moment for the site, which counts it as the newest live word): whenever the connection counts as lost, every instant's limit is at or below what
    /// the last live moment gave for it and at or below the fallback; a routine CP re-handshake changes no limit.
    /// </summary>
    [Fact]
    public void Over_any_connection_history_the_limit_while_lost_is_never_above_the_last_live_limit() =>
        Gen.Select(GenStep.Array[1, 30], GenSite).Sample((steps, site) =>
        {
            var now = T0;
            var forecasts = SiteForecasts.Empty;
            bool online = false, handshaking = false, lost = true;
            DateTimeOffset? offlineModeAt = null;
            Func<DateTimeOffset, double>? lastLive = null;
            var index = 0;
            foreach (var (step, minutes, message) in steps)
            {
                var wasLost = lost;
                switch (step)
                {
                    case Step.Forecast when online:
                        forecasts = forecasts.Apply(message.Type, message.Blocks, Connection, "h" + index);
                        break;
                    case Step.CpHandshake:
                        online = false;
                        handshaking = true;
                        break;
                    case Step.Online:
                        (online, handshaking, offlineModeAt) = (true, false, now.AddMinutes(3));
                        break;
                    case Step.Offline:
                        (online, handshaking) = (false, false);
                        break;
                    case Step.Heartbeat when online:
                        offlineModeAt = now.AddMinutes(1 + minutes);
                        break;
                    case Step.Wait:
                        now = now.AddMinutes(minutes);
                        break;
                }

                index++;
                if (step == Step.Forecast && online)
                {
                    var received = forecasts;
                    lastLive = t => LimitInForce.At(received, t, false, site.BaseKw, site.MaxKw, site.Phases).Kw;
                }

                lost = ConnectionRules.LimitsLost(lost && !(step == Step.Online), online, handshaking, offlineModeAt, now);
                var snapshot = forecasts;
                double LimitAt(DateTimeOffset t, bool isLost) => LimitInForce.At(snapshot, t, isLost, site.BaseKw, site.MaxKw, site.Phases).Kw;
                if (!lost)
                {
                    if (step == Step.CpHandshake && !wasLost)
                    {
                        // A routine re-handshake: the connection stays live for limits, so nothing changes.
                        Assert.All(Minutes(), t => Assert.Equal(lastLive!(t), LimitAt(t, false)));
                    }

                    lastLive = t => LimitAt(t, false);
                    continue;
                }

                var fallback = FallbackOnly(forecasts);
                foreach (var t in Minutes())
                {
                    var limit = LimitAt(t, true);
                    if (lastLive is not null) Assert.True(limit <= lastLive(t), $"step {index} ({step}) at {t:t}: {limit} kW above the last live {lastLive(t)} kW");
                    Assert.True(limit <= LimitInForce.At(fallback, t, false, site.BaseKw, site.MaxKw, site.Phases).Kw, $"step {index} ({step}) at {t:t}: {limit} kW above the fallback");
                }
            }
        });

    [Theory]
    [InlineData(false, false, true, null, false)] // a CP whose silence never counts (ExpectHeartbeats=false) re-handshaking
    [InlineData(false, false, false, null, true)]
    [InlineData(false, true, false, 5, false)]
    [InlineData(false, false, true, 5, false)]
    [InlineData(true, false, true, 5, true)]
    [InlineData(false, false, true, -1, true)]
    [InlineData(false, true, false, -1, true)]
    [InlineData(true, true, false, 5, true)]
    [InlineData(false, false, false, 5, true)]
    public void Lost_for_limits_when_offline_or_past_offline_mode_at_and_sticky_until_a_handshake_completes(bool wasLost, bool online, bool handshaking, int? offlineInMinutes, bool expected) =>
        Assert.Equal(expected, ConnectionRules.LimitsLost(wasLost, online, handshaking, offlineInMinutes is { } m ? T0.AddMinutes(m) : null, T0));
}
