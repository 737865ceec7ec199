using System.Text.Json;
using OscpFleet.Cli.Commands;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli.Tests;

/// <summary>How answers are printed and refusals summarized.</summary>
public sealed class FormattingTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string Table(Action<TextWriter> write)
    {
        using var output = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        write(output);
        return output.ToString();
    }

    [Fact]
    public void A_table_aligns_its_columns_under_a_rule_and_prints_numbers_invariantly()
    {
        var text = Table(o => TextTable.Write(o, ["groupId", "kw", "nested.x"],
            Json("""[{"groupId":"BUS_AUK_1","kw":120.5,"nested":{"x":true}},{"groupId":"B","kw":7,"nested":null}]""")));

        Assert.Equal(
            "groupId    kw     nested.x\n" +
            "---------  -----  --------\n" +
            "BUS_AUK_1  120.5  true\n" +
            "B          7\n", text);
    }

    [Fact]
    public void An_empty_table_says_so()
    {
        var text = Table(o => TextTable.Write(o, ["groupId"], Json("[]")));

        Assert.Equal("groupId\n-------\n(none)\n", text);
    }

    [Fact]
    public void A_cell_never_breaks_its_line()
    {
        Assert.Equal("line one line two", TextTable.Cell(Json("""{"e":"line one\nline two"}"""), "e"));
    }

    [Fact]
    public void Fields_flatten_nested_objects_with_dotted_names_and_keep_arrays_as_json()
    {
        var text = Table(o => TextTable.WriteFields(o, Json("""{"groupId":"S","definition":{"peerId":"p","chargers":[{"id":"c"}]},"limitKw":null}""")));

        Assert.Contains("definition.peerId    p", text, StringComparison.Ordinal);
        Assert.Contains("""definition.chargers  [{"id":"c"}]""", text, StringComparison.Ordinal);
        Assert.Contains("limitKw\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_output_is_the_answer_indented()
    {
        var text = Table(o => JsonOutput.Write(o, Json("""{"a":[1,2],"b":"é"}""")));

        Assert.True(JsonElement.DeepEquals(Json("""{"a":[1,2],"b":"é"}"""), Json(text)), text);
        Assert.Contains("\n  \"a\"", text.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("é", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_problem_shows_its_title_detail_and_every_error()
    {
        var text = ProblemText.Summarize("""{"title":"invalid request","status":400,"errors":["[3].maxImportKw: must be > 0","[2]: must be an object"]}""");

        Assert.Equal(string.Join(Environment.NewLine, "invalid request", "  [3].maxImportKw: must be > 0", "  [2]: must be an object"), text);
    }

    [Fact]
    public void Problem_errors_as_a_map_name_their_field()
    {
        var text = ProblemText.Summarize("""{"title":"t","detail":"d","errors":{"limit":["must be 1-1000"]}}""");

        Assert.Equal(string.Join(Environment.NewLine, "t: d", "  limit: must be 1-1000"), text);
    }

    [Theory]
    [InlineData("""{"error":"invalid_client"}""", "invalid_client")]
    [InlineData("""{"message":"connection offline: handshake required"}""", "connection offline: handshake required")]
    [InlineData("Bad Gateway", "Bad Gateway")]
    [InlineData("", "")]
    public void Other_refusals_are_summarized_as_well(string body, string expected)
    {
        Assert.Equal(expected, ProblemText.Summarize(body));
    }

    [Fact]
    public void A_long_body_is_cut()
    {
        Assert.Equal(2001, ProblemText.Summarize(new string('x', 5000)).Length);
    }

    [Theory]
    [InlineData("2026-12-03T10:00:00Z", "2026-12-03T10:00:00Z")]
    [InlineData("2026-12-03T23:30:00+13:00", "2026-12-03T10:30:00Z")]
    [InlineData("2026-12-03T10:00:00.25-01:00", "2026-12-03T11:00:00.25Z")]
    public void Times_are_sent_as_utc(string given, string sent)
    {
        Assert.True(Rfc3339Time.TryParse(given, out var value));
        Assert.Equal(sent, Rfc3339Time.Format(value));
    }

    [Theory]
    [InlineData("2026-12-03T10:00:00")]
    [InlineData("2026-12-03")]
    [InlineData("03/12/2026 10:00 +00:00")]
    [InlineData("2026-13-03T10:00:00Z")]
    public void Times_without_an_offset_or_malformed_are_refused(string given)
    {
        Assert.False(Rfc3339Time.TryParse(given, out _));
    }

    [Theory]
    [InlineData("sites.csv", null, SiteFile.Kind.Csv)]
    [InlineData("sites.CSV", null, SiteFile.Kind.Csv)]
    [InlineData("sites.json", null, SiteFile.Kind.Json)]
    [InlineData("sites.txt", null, SiteFile.Kind.Json)]
    [InlineData("sites.json", "csv", SiteFile.Kind.Csv)]
    [InlineData("sites.csv", "json", SiteFile.Kind.Json)]
    public void The_import_format_follows_the_option_then_the_extension(string file, string? format, SiteFile.Kind kind)
    {
        Assert.Equal(kind, SiteFile.KindOf(new FileInfo(file), format));
    }

    [Fact]
    public void An_exported_site_is_its_definition_with_its_group_id_first()
    {
        var body = SitesCommands.SiteBody(Json("""
            {"groupId":"S1","definition":{"peerId":"p","assetId":"a","timeZone":"UTC","nominalVoltage":230,"phases":3,
             "baseDoe":[{"from":"00:00","kw":10}],"maxImportKw":40,"csms":"main","chargers":[]},"state":"base_doe","version":3}
            """));

        Assert.Equal(["groupId", "peerId", "assetId", "timeZone", "nominalVoltage", "phases", "baseDoe", "maxImportKw", "csms", "chargers"],
            body.Select(p => p.Key));
        Assert.Equal("S1", (string?)body["groupId"]);
        Assert.Equal(40, (double?)body["maxImportKw"]);
    }

    [Fact]
    public void The_limits_table_shows_the_version_its_schedule_and_each_station()
    {
        var text = Table(o => LimitsCommands.WriteTable(o, Json("""
            {"groupId":"S1","version":4,"issuedAt":"2026-12-03T10:00:00Z","reason":"forecast","emergencyStop":false,
             "schedule":[{"from":"2026-12-03T10:00:00Z","to":"2026-12-03T10:15:00Z","kw":120,"source":"forecast"}],
             "ocpp":[{"chargingStationId":"CS-1","setChargingProfileRequest":{"evseId":0,"chargingProfile":{"id":9001,
               "chargingSchedule":[{"id":1,"chargingSchedulePeriod":[{"startPeriod":0,"limit":60000}]}]}}}]}
            """)));

        Assert.Contains("version:       4", text, StringComparison.Ordinal);
        Assert.Contains("2026-12-03T10:00:00Z  2026-12-03T10:15:00Z  120  forecast", text, StringComparison.Ordinal);
        Assert.Contains("CS-1               9001       60000", text, StringComparison.Ordinal);
    }
}
