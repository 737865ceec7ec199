using System.Text.Json;
using System.Text.Json.Nodes;
using CsCheck;
using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// Every <c>ocpp[*].setChargingProfileRequest</c> of a limit document, as serialised for the webhook,
/// conforms to the Open Charge Alliance's own OCPP 2.0.1 schema (<see cref="OfficialOcppSchema"/>),
/// not merely to our types.
/// </summary>
public sealed class OcppSchemaConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> NoZeroProfiles = [];

    // OCPP identifierString characters; "-" + the index keeps the ids unique, and at most 48 characters long.
    private const string StationIdCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-_=:+|@.";
    private static readonly string[] RequestIds = ["r1", "r2", "r3", "zero-1", "zero-2"];

    private static readonly Gen<double> GenKw = Gen.OneOf(
        Gen.Const(0.0),
        Gen.Double[0, 1],
        Gen.Double[0, 5000],
        Gen.Int[0, 5000].Select(kw => (double)kw),
        Gen.Int[0, 5_000_000].Select(w => w / 1000.0),
        Gen.Double[0, PowerSplit.MaxKw],
        Gen.OneOf(Gen.Const(PowerSplit.MaxKw), Gen.Const(0.0001), Gen.Const(1e-300)));

    // Interval lengths in ticks: sub-second ones (they vanish into a neighbour), whole seconds, odd lengths up to two days.
    private static readonly Gen<long> GenLength = Gen.OneOf(
        Gen.Long[1, TimeSpan.TicksPerSecond],
        Gen.Int[1, 3600].Select(s => s * TimeSpan.TicksPerSecond),
        Gen.OneOf(Gen.Const(900L), Gen.Const(3600L), Gen.Const(86_400L)).Select(s => s * TimeSpan.TicksPerSecond),
        Gen.Long[1, 2 * TimeSpan.TicksPerDay]);

    private static readonly Gen<ScheduledLimit[]> GenSchedule = GenScheduleOf(0, 199);

    private static Gen<ScheduledLimit[]> GenScheduleOf(int minMore, int maxMore) =>
        Gen.Select(
            Gen.Long[new DateTime(2000, 1, 1).Ticks, new DateTime(2090, 1, 1).Ticks],
            Gen.Long[TimeSpan.TicksPerSecond, 2 * TimeSpan.TicksPerDay],
            Gen.Select(GenLength, GenKw, Gen.Enum<LimitSource>(), Gen.Int[0, RequestIds.Length - 1]).Array[minMore, maxMore])
        .Select((startTicks, firstLength, rest) =>
        {
            // The first interval lasts at least a second, so the document is never empty.
            var start = new DateTimeOffset(startTicks, TimeSpan.Zero);
            var entries = new List<ScheduledLimit>(rest.Length + 1);
            var end = start.AddTicks(firstLength);
            entries.Add(new ScheduledLimit(start, end, rest.Length > 0 ? rest[0].Item2 : 42, LimitSource.Forecast, RequestIds[0]));
            foreach (var (length, kw, source, request) in rest)
            {
                var from = end;
                end = from.AddTicks(length);
                entries.Add(new ScheduledLimit(from, end, kw, source, source == LimitSource.BaseDoe ? null : RequestIds[request]));
            }

            return entries.ToArray();
        });

    private static readonly Gen<ChargerRating[]> GenChargers =
        Gen.Select(
            Gen.String[Gen.Char[StationIdCharacters], 1, 40],
            Gen.OneOf(Gen.Double[1, 400], Gen.Int[1, 400].Select(kw => (double)kw), Gen.OneOf(3.7, 7.4, 11.0, 22.0, 50.0, 150.0, 350.0, 400.0)))
        .Array[1, 20]
        .Select(stations => stations.Select((s, i) => new ChargerRating(s.Item1 + "-" + i, s.Item2)).ToArray());

    private static readonly Gen<LimitDocumentOptions> GenOptions =
        Gen.Select(
            Gen.OneOf(Gen.Int[1, 100_000], Gen.Const(LimitDocumentOptions.DefaultChargingProfileIdBase), Gen.Int[int.MaxValue - 1000, int.MaxValue - 19]),
            Gen.OneOf(Gen.Int[0, 10], Gen.Int[0, int.MaxValue]))
        .Select((idBase, stackLevel) => new LimitDocumentOptions { ChargingProfileIdBase = idBase, StackLevel = stackLevel });

    private static readonly Gen<HashSet<string>> GenAllZeroRequestIds =
        Gen.Bool.Array[RequestIds.Length].Select(chosen => RequestIds.Where((_, i) => chosen[i]).ToHashSet());

    [Fact]
    public void Every_station_request_of_any_document_conforms_to_the_official_schema()
    {
        _ = OfficialOcppSchema.SetChargingProfileRequest; // a missing schema fails here, once, with the npm ci hint
        Gen.Select(GenSchedule, GenChargers, GenOptions, GenAllZeroRequestIds, Gen.Bool, Gen.Long[1, long.MaxValue])
            .Sample((schedule, chargers, options, allZero, operatorOverride, version) =>
            {
                var document = LimitDocuments.Build("SITE_1", version, schedule[0].Start, schedule, chargers, options, allZero, operatorOverride);

                var requests = SerialisedRequests(document);
                Assert.Equal(chargers.Length, requests.Count);
                foreach (var request in requests)
                {
                    AssertConforms(request);
                }
            });
    }

    [Fact]
    public void Schedules_longer_than_ocpp_allows_conform_and_never_raise_the_stations_above_the_site_limit() =>
        Gen.Select(GenScheduleOf(1000, 1600), GenChargers).Sample((schedule, chargers) =>
        {
            var document = LimitDocuments.Build("SITE_1", 1, schedule[0].Start, schedule, chargers, LimitDocumentOptions.Default, NoZeroProfiles);

            foreach (var request in SerialisedRequests(document))
            {
                AssertConforms(request);
            }

            var start = document.Schedule[0].From;
            foreach (var entry in document.Schedule)
            {
                var offset = (int)(entry.From - start).TotalSeconds;
                var stations = document.Ocpp.Sum(o => LimitAt(o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0], offset));
                Assert.True(stations <= entry.Kw * 1000, $"{stations} W at {entry.From:O} for a site limit of {entry.Kw} kW");
            }
        }, iter: 10);

    [Fact]
    public void An_emergency_stop_conforms_with_every_station_limited_to_zero()
    {
        var document = LimitDocuments.Build(
            "SITE_1", 3, Now, [new(Now, Now.AddHours(24), 0, LimitSource.Forecast, "zero")],
            [new("CS-001", 150), new("CS-002", 22), new("CS-003", 7.4)], LimitDocumentOptions.Default, new HashSet<string> { "zero" });

        Assert.True(document.EmergencyStop);
        var requests = SerialisedRequests(document);
        Assert.Equal(3, requests.Count);
        foreach (var request in requests)
        {
            AssertConforms(request);
            var period = Assert.Single(request.GetProperty("chargingProfile").GetProperty("chargingSchedule")[0].GetProperty("chargingSchedulePeriod").EnumerateArray());
            Assert.Equal(0, period.GetProperty("limit").GetDouble());
        }
    }

    [Fact]
    public void A_single_station_conforms()
    {
        var document = LimitDocuments.Build(
            "SITE_1", 1, Now,
            [new(Now, Now.AddMinutes(15), 120.5, LimitSource.Forecast, "r1"), new(Now.AddMinutes(15), Now.AddHours(24), 80, LimitSource.BaseDoe, null)],
            [new("CS-001", 150)], LimitDocumentOptions.Default, NoZeroProfiles);

        var request = Assert.Single(SerialisedRequests(document));
        AssertConforms(request);
        Assert.Equal(
            """{"evseId":0,"chargingProfile":{"id":9001,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":1,"startSchedule":"2026-11-26T12:00:00Z","duration":86400,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"limit":120500},{"startPeriod":900,"limit":80000}]}]}}""",
            request.GetRawText());
    }

    [Fact]
    public void A_schedule_of_more_periods_than_ocpp_allows_conforms_without_ever_raising_a_stations_limit()
    {
        // A peer forecasting minute by minute for a day: 1,440 different limits, more than the 1,024 periods OCPP allows.
        var schedule = Enumerable.Range(0, 1440)
            .Select(m => new ScheduledLimit(Now.AddMinutes(m), Now.AddMinutes(m + 1), m % 2 == 0 ? 120 : 100 + (m % 7), LimitSource.Forecast, "r1"))
            .ToArray();

        var document = LimitDocuments.Build("SITE_1", 1, Now, schedule, [new("CS-001", 150), new("CS-002", 50)], LimitDocumentOptions.Default, NoZeroProfiles);

        foreach (var request in SerialisedRequests(document))
        {
            AssertConforms(request);
        }

        foreach (var station in document.Ocpp)
        {
            var ocppSchedule = station.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0];
            Assert.Equal(1024, ocppSchedule.ChargingSchedulePeriod.Length);
            Assert.Equal(86_400, ocppSchedule.Duration);
        }

        // Every minute, the stations together stay within the site limit; the first 1,023 minutes keep their own limits.
        for (var m = 0; m < 1440; m++)
        {
            var stations = document.Ocpp.Select(o => LimitAt(o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0], m * 60)).ToArray();
            Assert.True(stations.Sum() <= schedule[m].Kw * 1000, $"minute {m}: {stations.Sum()} W for a site limit of {schedule[m].Kw} kW");
            if (m < 1023)
            {
                Assert.Equal([schedule[m].Kw * 750, schedule[m].Kw * 250], stations);
            }
        }

        // From period 1,023 on, each station keeps the lowest of its limits over the rest of the schedule (100 kW of site limit).
        Assert.Equal([(1023 * 60, 75_000.0), (1023 * 60, 25_000.0)], document.Ocpp.Select(o => o.SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod[^1]).Select(p => (p.StartPeriod, p.Limit)));
    }

    [Fact]
    public void The_oracle_refuses_a_rate_unit_it_does_not_know() =>
        AssertRefused(ValidRequest(), request => request["chargingProfile"]!["chargingSchedule"]![0]!["chargingRateUnit"] = "kW", "enum");

    [Fact]
    public void The_oracle_refuses_a_profile_without_an_id() =>
        AssertRefused(ValidRequest(), request => request["chargingProfile"]!.AsObject().Remove("id"), "required");

    [Fact]
    public void The_oracle_refuses_a_property_the_schema_does_not_define() =>
        AssertRefused(ValidRequest(), request => request["chargingProfile"]!["chargingSchedule"]![0]!["chargingSchedulePeriod"]![0]!["limitKw"] = 120, "additionalProperties");

    [Fact]
    public void The_oracle_refuses_a_start_that_is_not_an_rfc3339_date_time() =>
        AssertRefused(ValidRequest(), request => request["chargingProfile"]!["chargingSchedule"]![0]!["startSchedule"] = "2026-11-26 12:00:00Z", "format");

    [Fact]
    public void The_oracle_is_the_official_ocpp_2_0_1_final_schema()
    {
        Assert.NotNull(OfficialOcppSchema.SetChargingProfileRequest); // fails with the npm ci hint when the file is missing

        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(OfficialOcppSchema.RepositoryRoot(), OfficialOcppSchema.RelativePath)));
        Assert.Equal(OfficialOcppSchema.OfficialId, schema.RootElement.GetProperty("$id").GetString());
        Assert.Equal("OCPP 2.0.1 FINAL", schema.RootElement.GetProperty("$comment").GetString());
        Assert.False(schema.RootElement.GetProperty("additionalProperties").GetBoolean());
    }

    private static JsonNode ValidRequest()
    {
        var document = LimitDocuments.Build(
            "SITE_1", 1, Now, [new(Now, Now.AddHours(24), 120, LimitSource.Forecast, "r1")], [new("CS-001", 150)], LimitDocumentOptions.Default, NoZeroProfiles);
        var request = SerialisedRequests(document)[0];
        AssertConforms(request);
        return JsonNode.Parse(request.GetRawText())!;
    }

    private static void AssertRefused(JsonNode request, Action<JsonNode> spoil, string keyword)
    {
        spoil(request);
        using var json = JsonDocument.Parse(request.ToJsonString());
        var problems = OfficialOcppSchema.Problems(json.RootElement);
        Assert.NotNull(problems);

        // A keyword's error names it; a false subschema's (additionalProperties: false) ends its schema path with it.
        Assert.True(
            problems.Contains(", " + keyword + ")", StringComparison.Ordinal) || problems.Contains("/" + keyword + ",", StringComparison.Ordinal),
            $"Expected a '{keyword}' error; got: {problems}");
    }

    private static void AssertConforms(JsonElement request)
    {
        var problems = OfficialOcppSchema.Problems(request);
        Assert.True(problems is null, problems);

        // The schema's description of limit (not a keyword, so not checked by the schema): "Accepts at most one digit fraction".
        foreach (var schedule in request.GetProperty("chargingProfile").GetProperty("chargingSchedule").EnumerateArray())
        {
            foreach (var period in schedule.GetProperty("chargingSchedulePeriod").EnumerateArray())
            {
                var limit = period.GetProperty("limit").GetDecimal();
                Assert.True(limit * 10 == decimal.Truncate(limit * 10), $"limit {limit} has more than one fractional digit in {request.GetRawText()}");
            }
        }
    }

    private static double LimitAt(ChargingSchedule schedule, int offset) =>
        schedule.ChargingSchedulePeriod.Last(p => p.StartPeriod <= offset).Limit;

    /// <summary>The requests exactly as the webhook body carries them.</summary>
    private static List<JsonElement> SerialisedRequests(LimitDocument document)
    {
        using var json = JsonDocument.Parse(LimitDocumentJson.Serialize(document));
        return json.RootElement.GetProperty("ocpp").EnumerateArray()
            .Select(station => station.GetProperty("setChargingProfileRequest").Clone())
            .ToList();
    }
}
