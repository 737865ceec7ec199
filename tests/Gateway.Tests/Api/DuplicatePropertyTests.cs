using System.Text;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Gateway.Tests.Api;

/// <summary>
/// Every API body refuses a property name given twice in one object, wherever it is, naming it by its path: which copy
/// counts would otherwise be up to the reader.
/// </summary>
public sealed class DuplicatePropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    private const string Block = """{"from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","kw":50}""";
    private const string Sample = """{"chargerId":"CS-1","at":"2026-11-26T11:59:00Z","energyWh":1000,"powerW":500}""";

    [Theory]
    [InlineData($$"""{"type":"CONSUMPTION","blocks":[{{Block}}],"type":"GENERATION"}""", "type")]
    [InlineData($$"""{"type":"CONSUMPTION","blocks":[{{Block}}],"blocks":[]}""", "blocks")]
    [InlineData("""{"type":"CONSUMPTION","blocks":[{"from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","kw":50,"kw":-1}]}""", "blocks[0].kw")]
    [InlineData($$"""{"type":"CONSUMPTION","blocks":[{{Block}},{"from":"2026-11-26T12:15:00Z","from":"2026-11-26T12:20:00Z","to":"2026-11-26T12:30:00Z","kw":1}]}""", "blocks[1].from")]
    public void A_capacity_request_with_a_repeated_name_is_refused(string body, string path)
    {
        Assert.NotNull(CapacityRequestValidation.Validate("S1", Json($$"""{"type":"CONSUMPTION","blocks":[{{Block}}]}"""), Now).Request);

        var (request, errors) = CapacityRequestValidation.Validate("S1", Json(body), Now);

        Assert.Null(request);
        Assert.Equal([$"{path}: appears twice in the object"], errors);
    }

    [Theory]
    [InlineData("""{"message":"too much","from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z","message":"fine"}""", "message")]
    [InlineData("""{"message":"too much","from":"2026-11-26T12:00:00Z","from":"2026-11-26T11:00:00Z","to":"2026-11-26T12:15:00Z"}""", "from")]
    public void A_compliance_error_with_a_repeated_name_is_refused(string body, string path)
    {
        var (report, errors) = ComplianceErrorValidation.Validate("S1", Json(body));

        Assert.Null(report);
        Assert.Equal([$"{path}: appears twice in the object"], errors);
    }

    [Theory]
    [InlineData($$"""{"samples":[{{Sample}}],"samples":[]}""", "samples")]
    [InlineData("""{"samples":[{"chargerId":"CS-1","at":"2026-11-26T11:59:00Z","energyWh":1000,"powerW":500,"energyWh":9}]}""", "samples[0].energyWh")]
    public void Site_meter_values_with_a_repeated_name_are_refused(string body, string path)
    {
        Assert.NotNull(MeterValuesValidation.ValidateSite("S1", Json($$"""{"samples":[{{Sample}}]}"""), Now).Samples);

        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Json(body), Now);

        Assert.Null(samples);
        Assert.Equal([$"{path}: appears twice in the object"], errors);
    }

    [Theory]
    [InlineData($$"""{"sites":[{"groupId":"S1","samples":[{{Sample}}]}],"sites":[]}""", "sites")]
    [InlineData($$"""{"sites":[{"groupId":"S1","samples":[{{Sample}}],"groupId":"S2"}]}""", "sites[0].groupId")]
    [InlineData($$"""{"sites":[{"groupId":"S1","samples":[{{Sample}},{"chargerId":"CS-2","at":"2026-11-26T11:59:00Z","energyWh":1,"powerW":5,"powerW":-5}]}]}""", "sites[0].samples[1].powerW")]
    public void Fleet_meter_values_with_a_repeated_name_are_refused(string body, string path)
    {
        Assert.NotNull(MeterValuesValidation.ValidateFleet(Json($$"""{"sites":[{"groupId":"S1","samples":[{{Sample}}]}]}"""), Now).Sites);

        var (sites, errors) = MeterValuesValidation.ValidateFleet(Json(body), Now);

        Assert.Null(sites);
        Assert.Equal([$"{path}: appears twice in the object"], errors);
    }

    private const string Site = """
        {"peerId":"plain_cp","assetId":"A1","timeZone":"Pacific/Auckland","maxImportKw":300,"csms":"main",
         "baseDoe":[{"from":"00:00","kw":200},{"from":"07:00","kw":150}],
         "chargers":[{"id":"CS-1","ratedKw":150},{"id":"CS-2","ratedKw":50}]}
        """;

    [Fact]
    public void A_site_body_without_repeats_is_read_names_matched_ignoring_case()
    {
        var (site, errors) = SiteRequestReader.ReadSite(Json(Site.Replace("\"maxImportKw\"", "\"MaxImportKw\"", StringComparison.Ordinal)));

        Assert.Empty(errors);
        Assert.NotNull(site);
        Assert.Equal(("plain_cp", 300.0, 150.0, 50.0), (site.PeerId, site.MaxImportKw, site.BaseDoe![1].Kw!.Value, site.Chargers![1].RatedKw!.Value));
    }

    [Theory]
    [InlineData("\"maxImportKw\":300,", "\"maxImportKw\":300,\"maxImportKw\":3000,", "maxImportKw")]
    [InlineData("\"maxImportKw\":300,", "\"maxImportKw\":300,\"MaxImportKw\":3000,", "MaxImportKw")]
    [InlineData("\"csms\":\"main\",", "\"csms\":\"main\",\"note\":1,\"note\":2,", "note")]
    [InlineData("{\"from\":\"07:00\",\"kw\":150}", "{\"from\":\"07:00\",\"kw\":150,\"kw\":1500}", "baseDoe[1].kw")]
    [InlineData("{\"id\":\"CS-2\",\"ratedKw\":50}", "{\"id\":\"CS-2\",\"ratedKw\":50,\"id\":\"CS-1\"}", "chargers[1].id")]
    public void A_site_body_with_a_repeated_name_is_refused(string original, string repeated, string path)
    {
        Assert.Contains(original, Site, StringComparison.Ordinal);

        var (site, errors) = SiteRequestReader.ReadSite(Json(Site.Replace(original, repeated, StringComparison.Ordinal)));

        Assert.Null(site);
        Assert.Equal([$"{path}: appears twice in the object"], errors);
    }

    [Fact]
    public void An_import_with_a_repeated_name_in_any_row_is_refused_naming_every_row()
    {
        var row0 = Site.Replace("{\"peerId\"", "{\"groupId\":\"S1\",\"groupId\":\"S2\",\"peerId\"", StringComparison.Ordinal);
        var row1 = Site.Replace("{\"id\":\"CS-1\",\"ratedKw\":150}", "{\"id\":\"CS-1\",\"ratedKw\":150,\"ratedKW\":1}", StringComparison.Ordinal);
        var clean = $"[{Site.Replace("{\"peerId\"", "{\"groupId\":\"S1\",\"peerId\"", StringComparison.Ordinal)}]";
        Assert.Equal("S1", Assert.Single(SiteRequestReader.ReadImport(Json(clean)).Rows!).GroupId);

        var (rows, errors) = SiteRequestReader.ReadImport(Json($"[{row0},{row1}]"));

        Assert.Null(rows);
        Assert.Equal(["[0].groupId: appears twice in the object", "[1].chargers[0].ratedKW: appears twice in the object"], errors);
    }

    [Theory]
    [InlineData("", "body: is required: a JSON object")]
    [InlineData("[]", "body: is not valid JSON of the expected shape")]
    [InlineData("{\"phases\":\"three\"}", "phases: is not valid JSON of the expected shape")]
    public void A_site_body_that_is_not_a_site_is_refused(string body, string expected)
    {
        var (site, errors) = SiteRequestReader.ReadSite(Json(body));

        Assert.Null(site);
        Assert.Equal([expected], errors);
    }

    [Fact]
    public void A_site_body_that_is_not_json_is_refused_naming_the_position()
    {
        var (site, errors) = SiteRequestReader.ReadSite(Json("{\"peerId\":"));

        Assert.Null(site);
        Assert.StartsWith("body: is not valid JSON at line 1, byte 11: ", Assert.Single(errors), StringComparison.Ordinal);
    }
}
