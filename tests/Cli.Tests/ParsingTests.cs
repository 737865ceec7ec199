using OscpFleet.Testing;

namespace OscpFleet.Cli.Tests;

/// <summary>The command line itself: help, usage errors and where the settings come from. No gateway is needed.</summary>
public sealed class ParsingTests
{
    public static TheoryData<string> Commands => new()
    {
        "sites import", "sites export", "sites list", "sites show", "limits show", "peers list", "peers handshake", "journal export", "history",
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_command_has_help_and_it_lists_the_global_options(string command)
    {
        var run = await CliRun.RunAsync([.. command.Split(' '), "--help"]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.ToString());
        // The usage line starts with the executable's name (oscpfleet when installed; the test host here).
        Assert.Matches($@"Usage:\s+\S+ {command}\b", run.Out);
        foreach (var option in new[] { "--url", "--client-id", "--client-secret", "--output" })
            Assert.Contains(option, run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_root_help_names_every_command_and_the_exit_codes()
    {
        var run = await CliRun.RunAsync("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var command in new[] { "sites", "limits", "peers", "journal", "history" })
            Assert.Contains($"  {command}", run.Out, StringComparison.Ordinal);
        Assert.Contains("5 gateway unreachable", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sites")]
    [InlineData("sites", "show")]
    [InlineData("bogus")]
    [InlineData("peers", "list", "--output", "xml")]
    [InlineData("history", "BUS_AUK_1", "--from", "2026-12-03T10:00:00")]
    [InlineData("history", "BUS_AUK_1", "--to", "yesterday")]
    [InlineData("journal", "export", "--direction", "sideways")]
    [InlineData("journal", "export", "--limit", "many")]
    [InlineData("limits", "show", "BUS_AUK_1", "--at", "noon")]
    [InlineData("sites", "import", "x.csv", "--format", "xml")]
    public async Task A_malformed_command_line_is_a_usage_error_before_anything_is_called(params string[] args)
    {
        // The URL would be unreachable (5): a 2 shows nothing was called.
        var run = await CliRun.RunAsync(Environment(FreeUrl()), args);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("oscpfleet --help", run.Error, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Missing_settings_name_their_options_and_variables()
    {
        var run = await CliRun.RunAsync("peers", "list");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        foreach (var name in new[] { "--url", "OSCPFLEET_URL", "--client-id", "OSCPFLEET_CLIENT_ID", "--client-secret", "OSCPFLEET_CLIENT_SECRET" })
            Assert.Contains(name, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_url_that_is_not_http_is_a_usage_error()
    {
        var run = await CliRun.RunAsync("peers", "list", "--url", "ftp://gateway", "--client-id", "ops", "--client-secret", "x");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--url: 'ftp://gateway'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_import_file_is_a_usage_error()
    {
        var run = await CliRun.RunAsync(Environment(FreeUrl()), "sites", "import", Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.csv"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_gateway_taken_from_the_environment_is_its_own_exit_code_and_the_secret_is_never_shown()
    {
        var url = FreeUrl();
        var environment = Environment(url);

        var run = await CliRun.RunAsync(environment, "peers", "list");

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains(url, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(environment[GatewaySettings.ClientSecretVariable], run.Out + run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_win_over_the_environment()
    {
        // The environment names a URL that is not even valid; the option's (unreachable) one is used.
        var environment = new Dictionary<string, string>(Environment("not a url")) { [GatewaySettings.ClientIdVariable] = "from_env" };
        var url = FreeUrl();

        var run = await CliRun.RunAsync(environment, "sites", "show", "BUS_AUK_1", "--url", url, "--client-id", "ops");

        Assert.True(run.ExitCode == ExitCodes.Unreachable, run.ToString());
        Assert.Contains(url, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_never_show_the_secret()
    {
        var settings = GatewaySettings.Resolve("http://gw:5080/prefix", "ops", "the-secret-value", _ => null);

        Assert.Equal("http://gw:5080/prefix/", settings.BaseUrl.AbsoluteUri);
        Assert.DoesNotContain("the-secret-value", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://gateway.example.com:8081", true)]
    [InlineData("https://gateway.example.com", false)]
    [InlineData("http://127.0.0.1:5080", false)]
    [InlineData("http://localhost:5080", false)]
    public void Plain_http_off_this_machine_is_flagged(string url, bool flagged)
    {
        Assert.Equal(flagged, GatewaySettings.Resolve(url, "ops", "secret", _ => null).SendsSecretsInClear);
    }

    internal static string FreeUrl() => $"http://127.0.0.1:{FreePort.Next()}";

    internal static Dictionary<string, string> Environment(string url) => new()
    {
        [GatewaySettings.UrlVariable] = url,
        [GatewaySettings.ClientIdVariable] = "ops_console",
        [GatewaySettings.ClientSecretVariable] = "a-secret-that-must-never-be-printed-0123456789",
    };
}
