using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests.Cp;

public sealed class PlainOscpOptionsTests
{
    [Fact]
    public void A_plain_OSCP_simulator_needs_both_tokens_and_none_of_the_vector_settings()
    {
        var errors = CpSimulatorOptionsValidator.Validate(new CpSimulatorOptions { Profile = PeerProfile.Oscp, FpBaseUrl = "http://127.0.0.1:5080" });

        Assert.Equal(["Simulator:Cp:OutboundToken: is required", "Simulator:Cp:InboundToken: is required"], errors);
    }

    [Fact]
    public void The_vector_profile_is_the_default_and_needs_no_tokens()
    {
        var errors = CpSimulatorOptionsValidator.Validate(new CpSimulatorOptions());

        Assert.Equal(PeerProfile.Vector, new CpSimulatorOptions().Profile);
        Assert.Contains("Simulator:Cp:FpClientSecret: is required", errors);
        Assert.DoesNotContain(errors, e => e.Contains("Token:", StringComparison.Ordinal) && !e.Contains("FpTokenUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_profile_is_reported_naming_the_key()
    {
        var errors = CpSimulatorOptionsValidator.Validate(new CpSimulatorOptions { Profile = (PeerProfile)7, FpBaseUrl = "http://127.0.0.1:5080" });

        Assert.Equal(["Simulator:Cp:Profile: must be vector or oscp"], errors);
    }

    [Fact]
    public void A_value_of_the_wrong_type_on_the_command_line_is_reported_by_key_without_echoing_it()
    {
        var error = Assert.Throws<OptionsValidationException>(() => CapacityProviderSimulator.Build(["--Simulator:Cp:MaxRecords=secret-looking"]));

        Assert.Equal(["Simulator:Cp:MaxRecords: is not a valid value of its type"], error.Failures);
    }

    [Fact]
    public async Task The_command_line_takes_the_profile_by_name_and_exits_2_for_an_unknown_one()
    {
        var error = Assert.Throws<OptionsValidationException>(() => CapacityProviderSimulator.Build(["--Simulator:Cp:Profile=plain"]));
        var accepted = Assert.Throws<OptionsValidationException>(() => CapacityProviderSimulator.Build(["--Simulator:Cp:Profile=oscp"]));

        Assert.Equal(["Simulator:Cp:Profile: must be vector or oscp"], error.Failures);
        // Read as oscp: what is missing are the tokens.
        Assert.Contains("Simulator:Cp:OutboundToken: is required", accepted.Failures);
        Assert.Equal(2, await SimulatorProgram.RunAsync(["cp", "--Simulator:Cp:Profile=plain"]));
    }

    [Fact]
    public void The_measurement_configuration_asked_must_name_each_kind_once()
    {
        var errors = CpSimulatorOptionsValidator.Validate(new CpSimulatorOptions
        {
            Profile = PeerProfile.Oscp, FpBaseUrl = "http://127.0.0.1:5080", OutboundToken = "o", InboundToken = "i",
            RequiredMeasurementConfiguration = [MeasurementConfiguration.Continuous, MeasurementConfiguration.Continuous, (MeasurementConfiguration)5],
        });

        Assert.Equal(
            [
                "Simulator:Cp:RequiredMeasurementConfiguration:1: appears twice (OSCP wants unique items)",
                "Simulator:Cp:RequiredMeasurementConfiguration:2: must be CONTINUOUS or INTERMITTENT",
            ],
            errors);
    }

    [Fact]
    public async Task The_command_line_takes_the_measurement_configuration_by_its_OSCP_name()
    {
        string[] args =
        [
            "--Simulator:Cp:Profile=oscp", "--Simulator:Cp:FpBaseUrl=http://127.0.0.1:5080", "--Simulator:Cp:OutboundToken=o",
            "--Simulator:Cp:InboundToken=i", "--Simulator:Cp:ListenUrl=http://127.0.0.1:0",
        ];

        const string Kind = "--Simulator:Cp:RequiredMeasurementConfiguration";

        await using var app = CapacityProviderSimulator.Build([.. args, $"{Kind}:0=CONTINUOUS", $"{Kind}:1=INTERMITTENT"]);
        var error = Assert.Throws<OptionsValidationException>(() => CapacityProviderSimulator.Build([.. args, $"{Kind}:0=SOMETIMES"]));

        Assert.Equal(
            [MeasurementConfiguration.Continuous, MeasurementConfiguration.Intermittent],
            app.Services.GetRequiredService<CpSimulator>().Options.RequiredMeasurementConfiguration);
        Assert.Equal(["Simulator:Cp:RequiredMeasurementConfiguration:0: must be CONTINUOUS or INTERMITTENT"], error.Failures);
    }
}
