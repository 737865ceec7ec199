using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetOptionsTests
{
    [Fact]
    public void Missing_settings_are_reported_each_naming_its_key()
    {
        var errors = FleetSimulatorOptionsValidator.Validate(new FleetSimulatorOptions());

        Assert.Equal(
            [
                "Simulator:Fleet:OperatorClientId: is required",
                "Simulator:Fleet:OperatorClientSecret: is required",
                "Simulator:Fleet:CsmsClientId: is required",
                "Simulator:Fleet:CsmsClientSecret: is required",
                "Simulator:Fleet:WebhookSecrets: at least one secret is required",
                "Simulator:Fleet:Sites: at least one site is required",
            ],
            errors);
    }

    [Fact]
    public void Without_onboarding_no_operator_client_is_needed()
    {
        var errors = FleetSimulatorOptionsValidator.Validate(new FleetSimulatorOptions { OnboardSites = false });

        Assert.DoesNotContain(errors, e => e.Contains("Operator", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_site_and_charger_values_are_reported_without_echoing_them()
    {
        var options = new FleetSimulatorOptions
        {
            FleetBaseUrl = "ftp://secret-host", OperatorClientId = "o", OperatorClientSecret = "s", CsmsClientId = "c", CsmsClientSecret = "s",
            WebhookSecrets = ["x"], WebhookPath = "csms/limits", MeterIntervalSeconds = -1, MaxPendingSamplesPerCharger = 0,
            Sites =
            [
                new FleetSiteOptions { GroupId = "has space", PeerId = "vector-test", Phases = 2, Chargers = [new FleetChargerOptions { Id = "A", RatedKw = 0 }, new FleetChargerOptions { Id = "A", RatedKw = 7, DemandKw = -1 }] },
                new FleetSiteOptions { GroupId = "OK_1", PeerId = "vector_test" },
            ],
        };

        var errors = FleetSimulatorOptionsValidator.Validate(options);

        Assert.Equal(
            [
                "Simulator:Fleet:FleetBaseUrl: must be an absolute http(s) URL",
                "Simulator:Fleet:WebhookPath: must be a path starting with '/' outside /sim/",
                "Simulator:Fleet:MeterIntervalSeconds: must be >= 0",
                "Simulator:Fleet:MaxPendingSamplesPerCharger: must be >= 1",
                "Simulator:Fleet:Sites:0:GroupId: a group id is letters, digits, '_' and '-', 1-64 characters",
                "Simulator:Fleet:Sites:0:PeerId: a peer id is letters, digits and '_', 1-32 characters",
                "Simulator:Fleet:Sites:0:Phases: must be 1 or 3",
                "Simulator:Fleet:Sites:0:Chargers:0:RatedKw: must be a number > 0",
                "Simulator:Fleet:Sites:0:Chargers:1:Id: appears twice in the site",
                "Simulator:Fleet:Sites:0:Chargers:1:DemandKw: must be a number >= 0",
                "Simulator:Fleet:Sites:1:Chargers: at least one charger is required",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("secret-host", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_bind_from_the_Simulator_Fleet_section_as_environment_variables_would_set_them()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:Fleet:CsmsClientSecret"] = "s",
            ["Simulator:Fleet:WebhookSecrets:0"] = "new", ["Simulator:Fleet:WebhookSecrets:1"] = "old",
            ["Simulator:Fleet:ConfirmDelaySeconds"] = "20", ["Simulator:Fleet:MeterIntervalSeconds"] = "60", ["Simulator:Fleet:OnboardSites"] = "false",
            ["Simulator:Fleet:Sites:0:GroupId"] = "BUS_AUK_1", ["Simulator:Fleet:Sites:0:PeerId"] = "vector_test", ["Simulator:Fleet:Sites:0:BaseDoeKw"] = "80",
            ["Simulator:Fleet:Sites:0:Chargers:0:Id"] = "CS-001", ["Simulator:Fleet:Sites:0:Chargers:0:RatedKw"] = "150", ["Simulator:Fleet:Sites:0:Chargers:0:DemandKw"] = "0",
        }).Build();

        var options = configuration.GetSection(FleetSimulatorOptions.Section).Get<FleetSimulatorOptions>()!;

        Assert.Equal(("http://127.0.0.1:5095", "http://127.0.0.1:5080", "/csms/limits", 300), (options.ListenUrl, options.FleetBaseUrl, options.WebhookPath, options.TimestampToleranceSeconds));
        Assert.Equal(["new", "old"], options.WebhookSecrets);
        Assert.Equal((20, 60, false), (options.ConfirmDelaySeconds, options.MeterIntervalSeconds, options.OnboardSites));
        Assert.Equal(1000, options.MaxPendingSamplesPerCharger);
        var site = Assert.Single(options.Sites);
        Assert.Equal(("BUS_AUK_1", "BUS_AUK_1", "Pacific/Auckland", "main", 80.0, 150.0), (site.GroupId, site.EffectiveAssetId, site.TimeZone, site.Csms, site.EffectiveBaseDoeKw, site.EffectiveMaxImportKw));
        Assert.Equal(0.0, Assert.Single(site.Chargers).DemandKw);
    }

    [Fact]
    public async Task Building_with_invalid_options_fails_and_the_fleet_command_line_exits_2()
    {
        var error = Assert.Throws<OptionsValidationException>(() => FleetSimulator.Build(new FleetSimulatorOptions()));

        Assert.Contains("Simulator:Fleet:Sites: at least one site is required", error.Failures);
        Assert.Equal(2, await SimulatorProgram.RunAsync(["fleet", "--Simulator:Fleet:FleetBaseUrl=not a url"]));
    }
}
