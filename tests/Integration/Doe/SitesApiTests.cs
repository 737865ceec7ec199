using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OscpFleet.Integration.Connection;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Doe;

public sealed class SitesApiTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    [Fact]
    public async Task A_bad_site_is_refused_with_every_problem_named_and_nothing_stored()
    {
        using var ops = await cluster.OperatorAsync();

        using var response = await ops.PutAsJsonAsync("/api/v1/sites/BAD_1", new
        {
            peerId = "nobody", timeZone = "Mars/Olympus", maxImportKw = 0, csms = "nowhere",
            baseDoe = new[] { new { from = "7am", kw = 10 } },
            chargers = new[] { new { id = "A", ratedKw = 10 }, new { id = "A", ratedKw = -1 } },
        });
        using var read = await ops.GetAsync("/api/v1/sites/BAD_1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("peerId: no peer 'nobody' is configured", errors);
        Assert.Contains("assetId: is required", errors);
        Assert.Contains("maxImportKw: must be > 0 and <= 1000000000 (kW)", errors);
        Assert.Contains("csms: no CSMS endpoint 'nowhere' is configured", errors);
        Assert.Contains("baseDoe[0].from: must be HH:mm", errors);
        Assert.Contains(errors, e => e!.StartsWith("timeZone: unknown time zone", StringComparison.Ordinal));
        Assert.Contains("chargers[1].id: 'A' appears twice", errors);
        Assert.Contains("chargers[1].ratedKw: must be > 0 and <= 1000000000 (kW)", errors);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
    }

    [Fact]
    public async Task An_import_with_one_bad_row_writes_nothing_and_a_good_one_writes_every_row()
    {
        using var ops = await cluster.OperatorAsync();
        const string header = "groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw\n";
        var bad = header + "IMP_1,vector_test,IMP_1,Pacific/Auckland,200,main,100\nIMP_2,vector_test,IMP_2,Pacific/Auckland,-5,main,100\n";
        var good = header + "IMP_1,vector_test,IMP_1,Pacific/Auckland,200,main,100\nIMP_2,vector_test,IMP_2,Pacific/Auckland,300,main,150\n";

        using var refused = await ops.PostAsync("/api/v1/sites:import", new StringContent(bad, Encoding.UTF8, "text/csv"));
        using var missing = await ops.GetAsync("/api/v1/sites/IMP_1");
        using var accepted = await ops.PostAsync("/api/v1/sites:import", new StringContent(good, Encoding.UTF8, "text/csv"));
        var second = await ops.GetFromJsonAsync<JsonElement>("/api/v1/sites/IMP_2");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("[1].maxImportKw: must be > 0", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(2, (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("created").GetInt32());
        Assert.Equal(300, second.GetProperty("definition").GetProperty("maxImportKw").GetDouble());
        Assert.Equal("base_doe", second.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Sites_are_listed_by_peer_and_state_in_pages_and_a_disabled_site_is_unknown_to_its_cp()
    {
        using var ops = await cluster.OperatorAsync();

        var first = await ops.GetFromJsonAsync<JsonElement>("/api/v1/sites?peerId=vector_test&limit=1");
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites?peerId=vector_test&limit=1&cursor={cursor}");
        using var disable = await ops.DeleteAsync("/api/v1/sites/BUS_AUK_2");
        var disabled = await ops.GetFromJsonAsync<JsonElement>("/api/v1/sites?state=disabled");
        using var forecast = await OscpCalls.PostAsync(cluster, "update_group_capacity_forecast",
            Forecasts.Body("BUS_AUK_2", cluster.Clock.GetUtcNow(), 10), await cluster.CpTokenAsync(), "to-disabled");
        using var badFilter = await ops.GetAsync("/api/v1/sites?state=sleepy&limit=0");

        Assert.Equal("BUS_AUK_1", first.GetProperty("sites")[0].GetProperty("groupId").GetString());
        Assert.Equal("BUS_AUK_2", second.GetProperty("sites")[0].GetProperty("groupId").GetString());
        Assert.Equal(HttpStatusCode.NoContent, disable.StatusCode);
        Assert.Contains(disabled.GetProperty("sites").EnumerateArray(), s => s.GetProperty("groupId").GetString() == "BUS_AUK_2");
        Assert.Equal(HttpStatusCode.NotFound, forecast.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badFilter.StatusCode);
        var problems = await badFilter.Content.ReadAsStringAsync();
        Assert.Contains("state: must be one of", problems, StringComparison.Ordinal);
        Assert.Contains("limit: must be between 1 and 1000", problems, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_api_needs_the_operator_scope_and_applied_needs_the_csms_scope()
    {
        using var csms = await cluster.CsmsClientAsync();
        using var ops = await cluster.OperatorAsync();

        using var csmsPut = await csms.PutAsJsonAsync("/api/v1/sites/X_1", new { });
        using var anonymous = await cluster.Gateway.Http.GetAsync("/api/v1/sites");
        using var opsApplied = await ops.PostAsync("/api/v1/sites/BUS_AUK_1/limits/1/applied", null);
        using var unknownVersion = await csms.PostAsync("/api/v1/sites/BUS_AUK_1/limits/999/applied", null);

        Assert.Equal(HttpStatusCode.Forbidden, csmsPut.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, opsApplied.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownVersion.StatusCode);
    }
}
