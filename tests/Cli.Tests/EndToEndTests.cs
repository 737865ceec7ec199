using System.Globalization;
using System.Text.Json;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Cli.Tests;

/// <summary>The CLI's entry point, in-process, against a real gateway, silo and Azurite (the shared harness's DOE deployment).</summary>
public sealed class EndToEndTests(CliCluster cluster) : IClassFixture<CliCluster>
{
    private static readonly TimeSpan Timeout = CliCluster.Timeout;
    private const string Site = "BUS_AUK_1";

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string TempFile(string extension) => Path.Combine(Path.GetTempPath(), $"oscpfleet-cli-{Guid.NewGuid():N}{extension}");

    [Fact]
    public async Task Sites_imported_from_csv_are_listed_shown_exported_and_the_export_imports_again()
    {
        var csv = TempFile(".csv");
        var export = TempFile(".json");
        try
        {
            await File.WriteAllTextAsync(csv,
                "groupId,peerId,assetId,timeZone,maxImportKw,csms,baseDoeKw\n" +
                $"CLI_1,{CliCluster.PeerId},CLI_1,Pacific/Auckland,300,main,90\n" +
                $"CLI_2,{CliCluster.PeerId},CLI_2,UTC,50,main,40\n");

            var imported = await cluster.RunAsync("sites", "import", csv, "--output", "json");
            Assert.True(imported.ExitCode == ExitCodes.Ok, imported.ToString());
            var answer = Json(imported.Out);
            Assert.Equal((2, 2, 0), (answer.GetProperty("imported").GetInt32(), answer.GetProperty("created").GetInt32(), answer.GetProperty("updated").GetInt32()));

            var list = await cluster.RunAsync("sites", "list", "--peer-id", CliCluster.PeerId);
            Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
            Assert.Matches(@"(?m)^CLI_1\s+vector_test\s+base_doe$", list.Out);
            Assert.Matches(@"(?m)^CLI_2\s+vector_test\s+base_doe$", list.Out);
            Assert.Matches(@"(?m)^BUS_AUK_1\s+vector_test\s+\w+$", list.Out);

            var show = await cluster.RunAsync("sites", "show", "CLI_1");
            Assert.True(show.ExitCode == ExitCodes.Ok, show.ToString());
            Assert.Matches(@"(?m)^definition\.timeZone\s+Pacific/Auckland$", show.Out);
            Assert.Matches(@"(?m)^definition\.maxImportKw\s+300$", show.Out);

            var exported = await cluster.RunAsync("sites", "export", "--file", export);
            Assert.True(exported.ExitCode == ExitCodes.Ok, exported.ToString());
            var bodies = Json(await File.ReadAllTextAsync(export)).EnumerateArray().ToDictionary(b => b.GetProperty("groupId").GetString()!);
            Assert.Superset(new HashSet<string> { "CLI_1", "CLI_2", "BUS_AUK_1", "BUS_AUK_2" }, bodies.Keys.ToHashSet());
            Assert.Equal(50, bodies["CLI_2"].GetProperty("maxImportKw").GetDouble());
            Assert.Equal(40, bodies["CLI_2"].GetProperty("baseDoe")[0].GetProperty("kw").GetDouble());

            // What export writes, import takes: every site is updated in place, none created.
            var again = await cluster.RunAsync("sites", "import", export, "-o", "json");
            Assert.True(again.ExitCode == ExitCodes.Ok, again.ToString());
            var second = Json(again.Out);
            Assert.Equal((bodies.Count, 0, bodies.Count),
                (second.GetProperty("imported").GetInt32(), second.GetProperty("created").GetInt32(), second.GetProperty("updated").GetInt32()));
        }
        finally
        {
            File.Delete(csv);
            File.Delete(export);
        }
    }

    [Fact]
    public async Task An_invalid_import_is_refused_with_the_apis_problem_on_stderr_and_writes_nothing()
    {
        var json = TempFile(".json");
        try
        {
            await File.WriteAllTextAsync(json,
                $$"""[{"groupId":"CLI_BAD_1","peerId":"{{CliCluster.PeerId}}","assetId":"a","timeZone":"UTC","maxImportKw":10,"csms":"main","baseDoe":[{"from":"00:00","kw":5}]},""" +
                $$"""{"groupId":"CLI_BAD_2","peerId":"{{CliCluster.PeerId}}","assetId":"a","timeZone":"UTC","maxImportKw":-1,"csms":"main","baseDoe":[{"from":"00:00","kw":5}]}]""");

            var run = await cluster.RunAsync("sites", "import", json);

            Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
            Assert.Contains("400", run.Error, StringComparison.Ordinal);
            Assert.Contains("[1].maxImportKw: must be > 0", run.Error, StringComparison.Ordinal);
            var show = await cluster.RunAsync("sites", "show", "CLI_BAD_1");
            Assert.True(show.ExitCode == ExitCodes.Refused, show.ToString());
            Assert.Contains("404 unknown site", show.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(json);
        }
    }

    [Fact]
    public async Task Limits_show_the_forecast_in_force_the_journal_export_holds_it_and_the_history_lists_its_version()
    {
        var from = cluster.Clock.GetUtcNow().AddMinutes(-1);
        var before = cluster.LastWebhook();
        var forecast = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 137 }));
        Assert.Equal(204, forecast.StatusCode);
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Reason == "forecast", Timeout);

        var limits = await cluster.RunAsync("limits", "show", Site, "-o", "json");
        Assert.True(limits.ExitCode == ExitCodes.Ok, limits.ToString());
        var document = Json(limits.Out);
        Assert.Equal(webhook.Version, document.GetProperty("version").GetInt64());
        Assert.Equal("forecast", document.GetProperty("reason").GetString());
        Assert.Equal(137, document.GetProperty("schedule")[0].GetProperty("kw").GetDouble());
        var table = await cluster.RunAsync("limits", "show", Site);
        Assert.Matches(@"(?m)^reason:\s+forecast$", table.Out);
        Assert.Matches(@"(?m)^\S+\s+\S+\s+137\s+forecast$", table.Out);

        await cluster.FlushRecordsAsync();
        var to = cluster.Clock.GetUtcNow().AddMinutes(1);
        var file = TempFile(".ndjson");
        try
        {
            var export = await cluster.RunAsync("journal", "export", "--group-id", Site, "--direction", "in", "--from", Utc(from), "--to", Utc(to), "--file", file);
            Assert.True(export.ExitCode == ExitCodes.Ok, export.ToString());
            var lines = (await File.ReadAllLinesAsync(file)).Where(l => l.Length > 0).Select(Json).ToList();
            var entry = Assert.Single(lines, l => l.GetProperty("requestId").GetString() == forecast.RequestId);
            Assert.Equal(("in", "update_group_capacity_forecast", 204),
                (entry.GetProperty("direction").GetString(), entry.GetProperty("message").GetString(), entry.GetProperty("status").GetInt32()));
            Assert.All(lines, l => Assert.Equal(Site, l.GetProperty("groupId").GetString()));

            // The same export on stdout, line for line.
            var stdout = await cluster.RunAsync("journal", "export", "--group-id", Site, "--direction", "in", "--from", Utc(from), "--to", Utc(to));
            Assert.True(stdout.ExitCode == ExitCodes.Ok, stdout.ToString());
            Assert.Equal(await File.ReadAllTextAsync(file), stdout.Out);
        }
        finally
        {
            File.Delete(file);
        }

        var history = await cluster.RunAsync("history", Site, "--from", Utc(from), "--to", Utc(to), "--output", "json");
        Assert.True(history.ExitCode == ExitCodes.Ok, history.ToString());
        var version = Assert.Single(Json(history.Out).GetProperty("versions").EnumerateArray(), v => v.GetProperty("version").GetInt64() == webhook.Version);
        Assert.Equal("forecast", version.GetProperty("reason").GetString());
        var historyTable = await cluster.RunAsync("history", Site, "--from", Utc(from), "--to", Utc(to));
        Assert.Matches($@"(?m)^{webhook.Version}\s+\S+\s+forecast\b", historyTable.Out);
    }

    [Fact]
    public async Task A_history_range_the_api_refuses_is_an_api_refusal_naming_the_problem()
    {
        var run = await cluster.RunAsync("history", Site, "--from", "2026-01-01T00:00:00Z", "--to", "2026-03-01T00:00:00Z");

        Assert.True(run.ExitCode == ExitCodes.Refused, run.ToString());
        Assert.Contains("to: must be at most 31 days after from", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Peers_are_listed_and_a_handshake_is_started()
    {
        var list = await cluster.RunAsync("peers", "list");
        Assert.True(list.ExitCode == ExitCodes.Ok, list.ToString());
        Assert.Matches(@"(?m)^vector_test\s+vector\s+Online\b", list.Out);
        Assert.Matches(@"(?m)^other_cp\s+vector\s+\w+", list.Out);

        var handshake = await cluster.RunAsync("peers", "handshake", CliCluster.PeerId, "-o", "json");
        Assert.True(handshake.ExitCode == ExitCodes.Ok, handshake.ToString());
        Assert.Equal(CliCluster.PeerId, Json(handshake.Out).GetProperty("peerId").GetString());
        // The CP answers our handshake: the connection comes back Online.
        await cluster.Simulator.WaitForOnlineAsync(Timeout);

        var unknown = await cluster.RunAsync("peers", "handshake", "nobody");
        Assert.True(unknown.ExitCode == ExitCodes.Refused, unknown.ToString());
        Assert.Contains("404 unknown peer: no peer 'nobody' is configured", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_secret_is_the_auth_exit_code_and_no_secret_is_printed()
    {
        var environment = new Dictionary<string, string>(cluster.Environment) { [GatewaySettings.ClientSecretVariable] = "wrong-secret-0123456789abcdef0123456789" };

        var run = await CliRun.RunAsync(environment, "sites", "list");

        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.True(run.Error.Contains("401 invalid_client", StringComparison.Ordinal), run.ToString());
        Assert.DoesNotContain("wrong-secret", run.Out + run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.OperatorSecret, run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_the_operator_scope_is_the_auth_exit_code()
    {
        // The CP's own client at our token endpoint: a valid token, but not for the operator API (403).
        var environment = new Dictionary<string, string>(cluster.Environment)
        {
            [GatewaySettings.ClientIdVariable] = "csms_main",
            [GatewaySettings.ClientSecretVariable] = cluster.CsmsSecret,
        };

        var run = await CliRun.RunAsync(environment, "peers", "list");

        Assert.True(run.ExitCode == ExitCodes.Auth, run.ToString());
        Assert.Contains("403", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_is_its_own_exit_code()
    {
        var environment = new Dictionary<string, string>(cluster.Environment) { [GatewaySettings.UrlVariable] = ParsingTests.FreeUrl() };

        var run = await CliRun.RunAsync(environment, "sites", "show", Site);

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains("could not be reached", run.Error, StringComparison.Ordinal);
    }
}
