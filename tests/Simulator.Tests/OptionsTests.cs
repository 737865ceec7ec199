using Microsoft.Extensions.Options;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Missing_settings_are_reported_each_naming_its_key()
    {
        var errors = CpSimulatorOptionsValidator.Validate(new CpSimulatorOptions());

        Assert.Contains("Simulator:Cp:FpBaseUrl: is required", errors);
        Assert.Contains("Simulator:Cp:FpTokenUrl: is required", errors);
        Assert.Contains("Simulator:Cp:FpClientSecret: is required", errors);
        Assert.Contains("Simulator:Cp:ClientId: is required", errors);
        Assert.Contains("Simulator:Cp:FpId: is required", errors);
        Assert.Contains("Simulator:Cp:ApiKey: is required", errors);
        Assert.DoesNotContain(errors, e => e.StartsWith("Simulator:Cp:AccessToken", StringComparison.Ordinal));
    }

    [Fact]
    public void Bad_values_are_reported_without_echoing_them()
    {
        var options = new CpSimulatorOptions
        {
            FpBaseUrl = "ftp://secret-host", FpTokenUrl = "http://127.0.0.1:5080/oauth/token", FpClientId = "c", FpClientSecret = "s",
            ClientId = "c", ClientSecret = "s", FpId = "f", ApiKey = "k", HeartbeatIntervalSeconds = 0, Sites = ["OK_1", "has space"],
        };

        var errors = CpSimulatorOptionsValidator.Validate(options);

        Assert.Equal(
            [
                "Simulator:Cp:FpBaseUrl: must be an absolute http(s) URL",
                "Simulator:Cp:HeartbeatIntervalSeconds: must be >= 1",
                "Simulator:Cp:Sites:1: a group id is letters, digits, '_' and '-', 1-64 characters",
            ],
            errors);
        Assert.DoesNotContain(errors, e => e.Contains("secret-host", StringComparison.Ordinal));
    }

    [Fact]
    public void The_records_kept_are_bounded_and_the_oldest_go_first()
    {
        var log = new RecordLog<string>(s => s, capacity: 2);

        log.Add("a");
        log.Add("b");
        log.Add("c");

        Assert.Equal(["b", "c"], log.Snapshot());
    }

    [Fact]
    public void Building_with_invalid_options_fails_before_anything_listens()
    {
        var error = Assert.Throws<OptionsValidationException>(() => CapacityProviderSimulator.Build(new CpSimulatorOptions()));

        Assert.Contains("Simulator:Cp:FpBaseUrl: is required", error.Failures);
    }

    [Fact]
    public async Task The_command_line_rejects_an_unknown_mode_and_exits_2_on_invalid_settings()
    {
        Assert.Equal(1, await SimulatorProgram.RunAsync(["teleport"]));
        Assert.Equal(2, await SimulatorProgram.RunAsync(["cp", "--Simulator:Cp:FpBaseUrl=not a url"]));
    }
}
