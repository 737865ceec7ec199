using System.Globalization;
using System.Text;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Gateway.Tests.Api;

public sealed class MeterValuesValidationTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    private static string Sample(string chargerId, string at, double energyWh = 1000, double powerW = 500) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"chargerId":"{{chargerId}}","at":"{{at}}","energyWh":{{energyWh}},"powerW":{{powerW}}}""");

    private static string Body(params string[] samples) => $$"""{"samples":[{{string.Join(',', samples)}}]}""";

    [Fact]
    public void A_valid_body_gives_the_samples_in_utc_with_their_values()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("BUS_AUK_1", Json("""
            {"samples":[
              {"chargerId":"CS-001","at":"2026-11-26T12:03:10Z","energyWh":1834521,"powerW":48200},
              {"chargerId":"CS-002","at":"2026-11-27T00:59:30.5+13:00","energyWh":0,"powerW":0.25}
            ]}
            """), Now);

        Assert.Empty(errors);
        Assert.NotNull(samples);
        Assert.Equal(2, samples.Count);
        Assert.Equal("CS-001", samples[0].ChargerId);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 3, 10, TimeSpan.Zero), samples[0].At);
        Assert.Equal(1834521, samples[0].EnergyWh);
        Assert.Equal(48200, samples[0].PowerW);
        Assert.Equal(TimeSpan.Zero, samples[1].At.Offset);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 11, 59, 30, 500, TimeSpan.Zero), samples[1].At);
        Assert.Equal(0.25, samples[1].PowerW);
    }

    [Fact]
    public void Every_problem_of_every_sample_is_named_with_its_path_at_once_and_nothing_is_returned()
    {
        var longId = new string('A', 65);
        var (samples, errors) = MeterValuesValidation.ValidateSite("BUS_AUK_1", Json($$"""
            {"samples":[
              {},
              {"chargerId":"CS 001","at":"2026-11-26T12:03:10","energyWh":"1834521","powerW":-1},
              {"chargerId":"{{longId}}","at":"2026-11-26T12:06:00Z","energyKwh":1834.5,"unit":"kW","energyWh":1,"powerW":2},
              42,
              {"chargerId":5,"at":"2026-11-26T12:00:00Z","at":"2026-11-26T12:00:01Z","energyWh":1,"powerW":null},
              {"chargerId":"CS-001","at":"2026-11-26T12:00:00Z","energyWh":1,"powerW":2}
            ]}
            """), Now);

        Assert.Null(samples);
        Assert.Equal(
        [
            "samples[0].chargerId: is required",
            "samples[0].at: is required",
            "samples[0].energyWh: is required",
            "samples[0].powerW: is required",
            "samples[1].chargerId: must be 1-64 characters: letters, digits, '_', '-', '.' or ':'",
            "samples[1].at: must be an RFC 3339 date-time with an offset",
            "samples[1].energyWh: must be a JSON number in Wh",
            "samples[1].powerW: must be >= 0",
            "samples[2].energyKwh: unknown field; energy is energyWh (Wh), power is powerW (W)",
            "samples[2].unit: unknown field; energy is energyWh (Wh), power is powerW (W)",
            "samples[2].chargerId: must be 1-64 characters: letters, digits, '_', '-', '.' or ':'",
            "samples[2].at: is 360 s ahead of the gateway's clock (now 2026-11-26T12:00:00Z); at most 300 s ahead is accepted",
            "samples[3]: must be an object {\"chargerId\",\"at\",\"energyWh\",\"powerW\"}",
            "samples[4].at: appears twice in the object",
            "samples[4].chargerId: must be a string",
            "samples[4].powerW: must be a JSON number in W",
        ], errors);
    }

    [Fact]
    public void A_sample_may_say_its_register_was_reset_and_anything_but_a_boolean_there_is_refused()
    {
        var (samples, none) = MeterValuesValidation.ValidateSite("S1", Json(Body(
            """{"chargerId":"CS-1","at":"2026-11-26T12:00:00Z","energyWh":40,"powerW":1,"registerReset":true}""",
            """{"chargerId":"CS-1","at":"2026-11-26T12:01:00Z","energyWh":90,"powerW":1,"registerReset":false}""",
            """{"chargerId":"CS-1","at":"2026-11-26T12:02:00Z","energyWh":99,"powerW":1}""")), Now);
        var (refused, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(
            """{"chargerId":"CS-1","at":"2026-11-26T12:00:00Z","energyWh":40,"powerW":1,"registerReset":"yes"}""")), Now);

        Assert.Empty(none);
        Assert.Equal([true, false, false], samples!.Select(s => s.RegisterReset));
        Assert.Null(refused);
        Assert.Equal(["samples[0].registerReset: must be true or false"], errors);
    }

    [Fact]
    public void A_bad_group_id_in_the_path_is_named_together_with_the_bodys_problems()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("BUS AUK", Json(Body("""{"chargerId":"CS-1","at":"x","energyWh":1,"powerW":1}""")), Now);

        Assert.Null(samples);
        Assert.Equal(["groupId: must be letters, digits, '_' and '-', 1-64 characters", "samples[0].at: must be an RFC 3339 date-time with an offset"], errors);
    }

    [Theory]
    [InlineData("CS_01-a.b:c")]
    [InlineData("0")]
    [InlineData("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")]
    public void Ocpp_station_ids_of_letters_digits_and_separators_up_to_64_characters_are_accepted(string chargerId)
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(Sample(chargerId, "2026-11-26T11:00:00Z"))), Now);

        Assert.Empty(errors);
        Assert.Equal(chargerId, Assert.Single(samples!).ChargerId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("CS/1")]
    [InlineData("CS#1")]
    [InlineData("Ç-1")]
    public void Other_charger_ids_are_refused(string chargerId)
    {
        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(Sample(chargerId, "2026-11-26T11:00:00Z"))), Now);

        Assert.Equal(["samples[0].chargerId: must be 1-64 characters: letters, digits, '_', '-', '.' or ':'"], errors);
    }

    [Fact]
    public void A_sample_up_to_five_minutes_ahead_of_the_product_clock_is_accepted_and_one_second_more_is_refused_naming_the_skew()
    {
        var (accepted, none) = MeterValuesValidation.ValidateSite("S1", Json(Body(Sample("CS-1", "2026-11-26T13:05:00+01:00"))), Now);
        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(Sample("CS-1", "2026-11-26T12:05:01Z"))), Now);

        Assert.Empty(none);
        Assert.Single(accepted!);
        Assert.Equal(["samples[0].at: is 301 s ahead of the gateway's clock (now 2026-11-26T12:00:00Z); at most 300 s ahead is accepted"], errors);
    }

    [Fact]
    public void Old_samples_are_accepted_by_the_gateway()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(Sample("CS-1", "2026-11-20T00:00:00Z"))), Now);

        Assert.Empty(errors);
        Assert.Single(samples!);
    }

    [Theory]
    [InlineData("1e400", "samples[0].energyWh: must be a finite number")]
    [InlineData("-0.001", "samples[0].energyWh: must be >= 0")]
    [InlineData("true", "samples[0].energyWh: must be a JSON number in Wh")]
    [InlineData("[1]", "samples[0].energyWh: must be a JSON number in Wh")]
    public void Energy_must_be_a_finite_non_negative_json_number(string energy, string expected)
    {
        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json($$"""{"samples":[{"chargerId":"CS-1","at":"2026-11-26T11:00:00Z","energyWh":{{energy}},"powerW":1}]}"""), Now);

        Assert.Equal([expected], errors);
    }

    [Fact]
    public void An_identical_repeat_is_fine_and_counted_once_even_with_another_offset()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(
            Sample("CS-1", "2026-11-26T11:00:00Z", 10, 1),
            Sample("CS-1", "2026-11-27T00:00:00+13:00", 10, 1),
            Sample("CS-2", "2026-11-26T11:00:00Z", 10, 1))), Now);

        Assert.Empty(errors);
        Assert.Equal(2, samples!.Count);
    }

    [Fact]
    public void The_same_charger_and_time_with_different_values_is_refused_naming_both_samples()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(Body(
            Sample("CS-1", "2026-11-26T11:00:00Z", 10, 1),
            Sample("CS-2", "2026-11-26T11:00:00Z", 10, 1),
            Sample("CS-1", "2026-11-27T00:00:00+13:00", 10, 2))), Now);

        Assert.Null(samples);
        Assert.Equal(["samples[2]: chargerId 'CS-1' at 2026-11-26T11:00:00Z is also samples[0] with different values"], errors);
    }

    [Theory]
    [InlineData("", "body: is required: a JSON object")]
    [InlineData("  \n", "body: is required: a JSON object")]
    [InlineData("[]", "body: must be a JSON object")]
    [InlineData("null", "body: must be a JSON object")]
    [InlineData("{}", "samples: is required")]
    [InlineData("""{"samples":{}}""", "samples: must be an array of samples")]
    [InlineData("""{"samples":[]}""", "samples: must hold at least one sample")]
    public void The_body_must_be_an_object_with_a_non_empty_samples_array(string body, string expected)
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(body), Now);

        Assert.Null(samples);
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void An_unknown_top_level_field_is_an_error()
    {
        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json($$"""{"unit":"kWh","samples":[{{Sample("CS-1", "2026-11-26T11:00:00Z")}}]}"""), Now);

        Assert.Equal(["unit: unknown field; the body is {\"samples\":[…]}"], errors);
    }

    [Fact]
    public void Malformed_json_is_refused_naming_the_line_and_byte()
    {
        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json("{\"samples\":[\n  {\"chargerId\":\"CS-1\",}\n]}"), Now);

        Assert.Null(samples);
        var error = Assert.Single(errors);
        Assert.Equal("body: is not valid JSON at line 2, byte 23: The JSON object contains a trailing comma at the end which is not supported in this mode", error);
        Assert.DoesNotContain("LineNumber", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Ten_thousand_samples_are_accepted_and_one_more_is_refused()
    {
        static string Many(int count) => Body([.. Enumerable.Range(0, count).Select(i => Sample("CS-" + i, "2026-11-26T11:00:00Z"))]);

        var (limit, none) = MeterValuesValidation.ValidateSite("S1", Json(Many(MeterValuesValidation.MaxSamplesPerSite)), Now);
        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json(Many(MeterValuesValidation.MaxSamplesPerSite + 1)), Now);

        Assert.Empty(none);
        Assert.Equal(5_000, limit!.Count);
        Assert.Equal(["samples: at most 5000 samples per site in one request (got 5001)"], errors);
    }

    [Fact]
    public void Problems_beyond_a_thousand_are_counted_in_one_last_line()
    {
        var body = Body([.. Enumerable.Range(0, 1500).Select(_ => "{}")]);

        var (_, errors) = MeterValuesValidation.ValidateSite("S1", Json(body), Now);

        Assert.Equal(1001, errors.Count);
        Assert.Equal("body: 5000 more problems not listed", errors[^1]);
    }

    [Fact]
    public void A_fleet_body_gives_each_sites_samples_with_its_index()
    {
        var (sites, errors) = MeterValuesValidation.ValidateFleet(Json($$"""
            {"sites":[
              {"groupId":"BUS_AUK_1","samples":[{{Sample("CS-1", "2026-11-26T11:00:00Z")}}]},
              {"samples":[{{Sample("CS-1", "2026-11-26T11:00:00Z")}},{{Sample("CS-2", "2026-11-26T11:00:00Z")}}],"groupId":"BUS_AUK_2"}
            ]}
            """), Now);

        Assert.Empty(errors);
        Assert.Equal([(0, "BUS_AUK_1", 1), (1, "BUS_AUK_2", 2)], sites!.Select(s => (s.Index, s.GroupId, s.Samples.Count)));
    }

    [Fact]
    public void Every_problem_of_a_fleet_body_is_named_with_its_site_path()
    {
        var good = Sample("CS-1", "2026-11-26T11:00:00Z");
        var (sites, errors) = MeterValuesValidation.ValidateFleet(Json($$"""
            {"sites":[
              {"groupId":"BUS_AUK_1","samples":[{{good}}]},
              {"groupId":"BUS_AUK_2","samples":[{{good}},{"chargerId":"CS-2","at":"2026-11-26T11:00:00","energyWh":1,"powerW":1}]},
              {"groupId":"BUS_AUK_1","samples":[{{good}}]},
              {"groupId":"BAD GROUP","samples":[]},
              {"samples":[{{good}}],"peerId":"x"},
              {"groupId":7},
              "BUS_AUK_3"
            ]}
            """), Now);

        Assert.Null(sites);
        Assert.Equal(
        [
            "sites[1].samples[1].at: must be an RFC 3339 date-time with an offset",
            "sites[2].groupId: 'BUS_AUK_1' appears twice (first at sites[0])",
            "sites[3].groupId: must be letters, digits, '_' and '-', 1-64 characters",
            "sites[3].samples: must hold at least one sample",
            "sites[4].peerId: unknown field; a site is {\"groupId\",\"samples\"}",
            "sites[4].groupId: is required",
            "sites[5].groupId: must be a string",
            "sites[5].samples: is required",
            "sites[6]: must be an object {\"groupId\",\"samples\"}",
        ], errors);
    }

    [Theory]
    [InlineData("{}", "sites: is required")]
    [InlineData("""{"sites":[]}""", "sites: must hold at least one site")]
    [InlineData("""{"sites":{"groupId":"A"}}""", "sites: must be an array of {\"groupId\",\"samples\"}")]
    [InlineData("""{"sites":[],"samples":[]}""", "samples: unknown field; the body is {\"sites\":[{\"groupId\",\"samples\"}]}")]
    public void A_fleet_body_needs_a_non_empty_sites_array(string body, string expected)
    {
        var (_, errors) = MeterValuesValidation.ValidateFleet(Json(body), Now);

        Assert.Contains(expected, errors);
    }

    [Fact]
    public void A_fleet_body_holds_at_most_fifty_thousand_samples_in_all()
    {
        static string Site(int site, int count) =>
            $$"""{"groupId":"S{{site}}","samples":[{{string.Join(',', Enumerable.Range(0, count).Select(i => Sample("CS-" + i, "2026-11-26T11:00:00Z")))}}]}""";

        var (limit, none) = MeterValuesValidation.ValidateFleet(Json($$"""{"sites":[{{string.Join(',', Enumerable.Range(0, 10).Select(s => Site(s, 5_000)))}}]}"""), Now);
        var (_, errors) = MeterValuesValidation.ValidateFleet(Json($$"""{"sites":[{{string.Join(',', Enumerable.Range(0, 10).Select(s => Site(s, 5_000)))}},{{Site(10, 1)}}]}"""), Now);
        var (_, perSite) = MeterValuesValidation.ValidateFleet(Json($$"""{"sites":[{{Site(0, 5_001)}}]}"""), Now);

        Assert.Empty(none);
        Assert.Equal(50_000, limit!.Sum(s => s.Samples.Count));
        Assert.Equal(["sites: at most 50000 samples in total per request (got 50001)"], errors);
        Assert.Equal(["sites[0].samples: at most 5000 samples per site in one request (got 5001)"], perSite);
    }

    [Fact]
    public void The_same_charger_and_time_in_two_sites_is_not_a_conflict()
    {
        var (sites, errors) = MeterValuesValidation.ValidateFleet(Json($$"""
            {"sites":[
              {"groupId":"A","samples":[{{Sample("CS-1", "2026-11-26T11:00:00Z", 1, 1)}}]},
              {"groupId":"B","samples":[{{Sample("CS-1", "2026-11-26T11:00:00Z", 2, 2)}}]}
            ]}
            """), Now);

        Assert.Empty(errors);
        Assert.Equal(2, sites!.Count);
    }
}
