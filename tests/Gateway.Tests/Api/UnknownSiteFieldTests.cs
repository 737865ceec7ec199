using System.Text;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Gateway.Tests.Api;

/// <summary>
/// A site body (PUT and every import row) refuses a field it does not define, in the site, a charger or a base DOE entry,
/// naming it by its path: ignored, a misspelt optional field (<c>nominalVolts</c>) would silently take its default.
/// </summary>
public sealed class UnknownSiteFieldTests
{
    private const string Site = """
        {"peerId":"vector_test","assetId":"A1","timeZone":"Pacific/Auckland","nominalVoltage":230,"phases":3,
         "baseDoe":[{"from":"00:00","kw":100}],"maxImportKw":200,"csms":"main","chargers":[{"id":"CS-1","ratedKw":150}]}
        """;

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void Every_defined_field_is_read_whatever_its_case()
    {
        var (site, errors) = SiteRequestReader.ReadSite(Json(Site.Replace("\"nominalVoltage\"", "\"NominalVoltage\"", StringComparison.Ordinal)));

        Assert.Empty(errors);
        Assert.Equal(230, site!.NominalVoltage);
    }

    [Theory]
    [InlineData("\"nominalVoltage\":230", "\"nominalVolts\":230", "nominalVolts", SiteBodyFields.UnknownSiteField)]
    [InlineData("\"csms\":\"main\"", "\"csms\":\"main\",\"version\":7", "version", SiteBodyFields.UnknownSiteField)]
    [InlineData("\"ratedKw\":150", "\"ratedKw\":150,\"maxKw\":22", "chargers[0].maxKw", SiteBodyFields.UnknownChargerField)]
    [InlineData("\"kw\":100", "\"kw\":100,\"to\":\"06:00\"", "baseDoe[0].to", SiteBodyFields.UnknownBaseDoeField)]
    public void A_site_with_an_unknown_field_is_refused_naming_it(string original, string replacement, string path, string reason)
    {
        var (site, errors) = SiteRequestReader.ReadSite(Json(Site.Replace(original, replacement, StringComparison.Ordinal)));

        Assert.Null(site);
        Assert.Equal([$"{path}: {reason}"], errors);
    }

    [Fact]
    public void An_import_names_the_row_of_each_unknown_field()
    {
        var row = Site.Replace("{\"peerId\"", "{\"groupId\":\"S1\",\"peerId\"", StringComparison.Ordinal);
        var bad = Site.Replace("{\"peerId\"", "{\"groupId\":\"S2\",\"peerId\"", StringComparison.Ordinal)
            .Replace("\"maxImportKw\"", "\"maxImportKwh\"", StringComparison.Ordinal);

        var (rows, errors) = SiteRequestReader.ReadImport(Json($"[{row},{bad}]"));

        Assert.Null(rows);
        Assert.Equal([$"[1].maxImportKwh: {SiteBodyFields.UnknownSiteField}"], errors);
    }
}
