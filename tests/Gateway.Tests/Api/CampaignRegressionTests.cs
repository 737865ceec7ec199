using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Gateway.Api;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests.Api;

/// <summary>
/// Cases the hostile-input campaign (tests/Integration/Campaign) found, kept as specifications: each is refused with a
/// 400 that names the problem, before any grain is called.
/// </summary>
public sealed class CampaignRegressionTests
{
    [Theory]
    [InlineData("99999999999")]
    [InlineData("1e3")]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData("1001")]
    public async Task A_page_size_the_framework_could_not_bind_is_refused_naming_the_parameter(string limit)
    {
        var (status, errors, calls) = await GetAsync($"/api/v1/sites?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["limit: must be between 1 and 1000"], errors);
        Assert.Empty(calls);
    }

    [Theory]
    [InlineData("Pacific")]
    [InlineData("America")]
    [InlineData("Etc")]
    [InlineData("posix")]
    public async Task A_time_zone_that_names_a_folder_of_the_zone_database_is_an_unknown_zone_not_a_server_error(string zone)
    {
        var body = $$"""{"peerId":"plain_cp","assetId":"A1","timeZone":"{{zone}}","maxImportKw":300,"csms":"main","baseDoe":[{"from":"00:00","kw":200}]}""";

        var (status, errors, calls) = await SendAsync(HttpMethod.Put, "/api/v1/sites/S1", body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains($"timeZone: unknown time zone '{zone}' (an IANA id such as Pacific/Auckland)", errors);
        Assert.Empty(calls);
    }

    private static Task<(HttpStatusCode Status, string[] Errors, IReadOnlyList<string> Calls)> GetAsync(string path) =>
        SendAsync(HttpMethod.Get, path, body: null);

    private static async Task<(HttpStatusCode Status, string[] Errors, IReadOnlyList<string> Calls)> SendAsync(HttpMethod method, string path, string? body)
    {
        var grains = RecordingGrainFactory.Create();
        await using var host = await AuthTestHost.StartAsync(configure: b => b.Services.AddSingleton(grains), map: app => app.MapSitesEndpoints());
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await host.GetAccessTokenAsync(OperatorClient, OperatorSecret));
        using var response = await host.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var errors = response.StatusCode == HttpStatusCode.BadRequest
            ? JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray()
            : [];
        return (response.StatusCode, errors, ((RecordingGrainFactory)(object)grains).Calls);
    }
}
