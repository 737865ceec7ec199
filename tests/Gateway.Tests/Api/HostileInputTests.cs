using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Gateway.Api;
using OscpFleet.Gateway.Oscp;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests.Api;

/// <summary>
/// Input the readers cannot represent (text that is not UTF-8, a null where an object belongs, a number beyond what the
/// rules can hold, a group id no grain may have) is answered 400 naming the problem, before any grain is called: the
/// real endpoints run behind the real filters with a grain factory that records every call.
/// </summary>
public sealed class HostileInputTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private const string Site = """
        {"peerId":"plain_cp","assetId":"A1","timeZone":"Pacific/Auckland","maxImportKw":300,"csms":"main",
         "baseDoe":[{"from":"00:00","kw":200}],"chargers":[{"id":"CS-1","ratedKw":150}]}
        """;

    /// <summary><paramref name="text"/> as UTF-8 bytes, with <paramref name="raw"/> (when given) in place of the <c>@@</c> marker.</summary>
    private static byte[] Body(string text, byte[]? raw = null)
    {
        var parts = text.Split("@@");
        return raw is null ? Encoding.UTF8.GetBytes(text) : [.. Encoding.UTF8.GetBytes(parts[0]), .. raw, .. Encoding.UTF8.GetBytes(parts[1])];
    }

    private static async Task<(HttpStatusCode Status, string[] Errors, IReadOnlyList<string> Calls)> SendAsync(
        HttpMethod method, string path, byte[]? body = null, string contentType = "application/json")
    {
        var grains = RecordingGrainFactory.Create();
        await using var host = await AuthTestHost.StartAsync(
            configure: b => b.Services.AddSingleton(grains),
            map: app => app.MapSitesEndpoints());
        var token = await host.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        var errors = response.StatusCode == HttpStatusCode.BadRequest
            ? JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
        return (response.StatusCode, errors, ((RecordingGrainFactory)(object)grains).Calls);
    }

    [Theory]
    [InlineData("GET", "%20")]
    [InlineData("DELETE", "%20%09")]
    [InlineData("GET", "S1%2F..")]
    [InlineData("PUT", "%20")]
    public async Task A_group_id_in_the_path_that_breaks_the_rule_is_refused_before_any_grain_is_called(string method, string groupId)
    {
        var (status, errors, calls) = await SendAsync(new HttpMethod(method), $"/api/v1/sites/{groupId}", method == "PUT" ? Body(Site) : null);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["groupId: must be letters, digits, '_' and '-', 1-64 characters"], errors);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task A_3000_character_group_id_is_refused_on_every_site_route()
    {
        var id = new string('a', 3000);
        foreach (var (method, path) in new[] { ("GET", id), ("DELETE", id), ("GET", id + "/limits") })
        {
            var (status, errors, calls) = await SendAsync(new HttpMethod(method), $"/api/v1/sites/{path}");

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal(["groupId: must be letters, digits, '_' and '-', 1-64 characters"], errors);
            Assert.Empty(calls);
        }
    }

    [Fact]
    public async Task A_site_body_with_bytes_that_are_not_UTF8_is_refused_naming_the_path()
    {
        var body = Body("""{"peerId":"plain_cp","assetId":"A@@1","timeZone":"UTC","maxImportKw":300,"csms":"main"}""", [0xFF, 0xFE]);

        var (status, errors, calls) = await SendAsync(HttpMethod.Put, "/api/v1/sites/S1", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["assetId: is not valid UTF-8 text (or holds a lone surrogate)"], errors);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task An_import_with_a_property_name_that_is_not_UTF8_is_refused_naming_the_row()
    {
        var body = Body("""[{"groupId":"S1","peer@@Id":"plain_cp"}]""", [0xC3, 0x28]);

        var (status, errors, calls) = await SendAsync(HttpMethod.Post, "/api/v1/sites:import", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["[0]: holds a property name that is not valid UTF-8 text (or holds a lone surrogate)"], errors);
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData("Infinity")]
    [InlineData("1e400")]
    [InlineData("-Infinity")]
    [InlineData("NaN")]
    public async Task A_csv_import_with_a_maximum_that_is_not_a_finite_number_names_the_row_and_column(string value)
    {
        var csv = $"groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw\nS1,plain_cp,A1,UTC,{value},main,100\n";

        var (status, errors, calls) = await SendAsync(HttpMethod.Post, "/api/v1/sites:import", Encoding.UTF8.GetBytes(csv), "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("[0].maxImportKw: must be > 0 and <= 1000000000 (kW)", errors);
        Assert.Empty(calls);
    }

    [Fact]
    public async Task A_csv_import_with_bytes_that_are_not_UTF8_is_refused_not_stored_as_replacement_characters()
    {
        var csv = Body("S1,plain_cp,A@@1,UTC,300,main,100\n", [0xFF]);

        var (status, errors, calls) = await SendAsync(HttpMethod.Post, "/api/v1/sites:import", csv, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["body: is not valid UTF-8 text"], errors);
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData("""{"chargers":[null]}""", "chargers[0]: must be an object")]
    [InlineData("""{"chargers":[{"id":"CS-1","ratedKw":1},null]}""", "chargers[1]: must be an object")]
    [InlineData("""{"BaseDoe":[null]}""", "BaseDoe[0]: must be an object")]
    public void A_null_in_a_site_list_is_refused_naming_the_element(string body, string problem)
    {
        var (site, errors) = SiteRequestReader.ReadSite(Encoding.UTF8.GetBytes(body));

        Assert.Null(site);
        Assert.Equal([problem], errors);
    }

    [Theory]
    [InlineData("""[null]""", "[0]: must be an object")]
    [InlineData("""[{"groupId":"S1"},{"groupId":"S2","baseDoe":[{"from":"00:00","kw":1},null]}]""", "[1].baseDoe[1]: must be an object")]
    public void A_null_in_an_import_is_refused_naming_the_row(string body, string problem)
    {
        var (rows, errors) = SiteRequestReader.ReadImport(Encoding.UTF8.GetBytes(body));

        Assert.Null(rows);
        Assert.Equal([problem], errors);
    }

    [Fact]
    public async Task A_null_charger_is_answered_400_over_HTTP_without_any_grain_call()
    {
        var (status, errors, calls) = await SendAsync(HttpMethod.Put, "/api/v1/sites/S1", Body("""{"chargers":[null]}"""));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["chargers[0]: must be an object"], errors);
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData("2147483648")]
    [InlineData("1000000000.5")]
    [InlineData("0")]
    public async Task A_rated_power_outside_the_range_names_the_range(string ratedKw)
    {
        var (status, errors, calls) = await SendAsync(HttpMethod.Put, "/api/v1/sites/S1", Body(Site.Replace("150", ratedKw, StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("chargers[0].ratedKw: must be > 0 and <= 1000000000 (kW)", errors);
        Assert.Empty(calls);
    }

    [Fact]
    public void Meter_values_with_an_escaped_lone_surrogate_are_refused_naming_the_path()
    {
        var body = """{"samples":[{"chargerId":"CS-\ud800","at":"2026-11-26T11:59:00Z","energyWh":1000,"powerW":500}]}""";

        var (samples, errors) = MeterValuesValidation.ValidateSite("S1", Encoding.UTF8.GetBytes(body), Now);

        Assert.Null(samples);
        Assert.Equal(["samples[0].chargerId: is not valid UTF-8 text (or holds a lone surrogate)"], errors);
    }

    [Fact]
    public void Fleet_meter_values_with_bytes_that_are_not_UTF8_are_refused_naming_the_path()
    {
        var body = Body("""{"sites":[{"groupId":"S@@1","samples":[]}]}""", [0xED, 0xA0, 0x80]);

        var (sites, errors) = MeterValuesValidation.ValidateFleet(body, Now);

        Assert.Null(sites);
        Assert.Equal(["sites[0].groupId: is not valid UTF-8 text (or holds a lone surrogate)"], errors);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0x5C, 0x75, 0x64, 0x38, 0x30, 0x30 })] // \ud800, escaped
    public async Task An_OSCP_body_with_text_that_is_not_UTF8_is_refused_in_the_OSCP_error_format(byte[] raw)
    {
        var grains = RecordingGrainFactory.Create();
        await using var host = await AuthTestHost.StartAsync(
            configure: b => b.Services.AddSingleton(grains),
            map: app => app.MapOscpEndpoints());
        var body = Body("""{"required_behaviour":{"heartbeat_interval":30,"measurement_configuration":["CONT@@INUOUS"]}}""", raw);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{OscpEndpoints.BasePath}/handshake") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", OscpPeerToken);
        request.Headers.Add("X-Request-ID", "r-1");
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid body", answer.RootElement.GetProperty("message").GetString());
        Assert.Equal(
            ["required_behaviour.measurement_configuration[0]: is not valid UTF-8 text (or holds a lone surrogate)"],
            answer.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(((RecordingGrainFactory)(object)grains).Calls);
    }
}
