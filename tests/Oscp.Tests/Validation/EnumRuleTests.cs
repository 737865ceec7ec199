using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class EnumRuleTests
{
    private const string ForecastTypes = "CONSUMPTION, GENERATION, FALLBACK_CONSUMPTION, FALLBACK_GENERATION, OPTIMUM";
    private const string Phases = "UNKNOWN, ONE, TWO, THREE, ALL";
    private const string BlockUnits = "A, W, KW, WH, KWH";

    public static TheoryData<OscpMessageKind, string, string> EnumFields() => new()
    {
        { OscpMessageKind.UpdateGroupCapacityForecast, "type", ForecastTypes },
        { OscpMessageKind.AdjustGroupCapacityForecast, "type", ForecastTypes },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].phase", Phases },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].unit", BlockUnits },
        { OscpMessageKind.GroupCapacityComplianceError, "forecasted_blocks[0].unit", BlockUnits },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].phase", Phases },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].unit", "WH, KWH" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].direction", "NET, IMPORT, EXPORT" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[1].energy_type", "FLEXIBLE, NONFLEXIBLE, TOTAL" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].asset_category", "CHARGING, CONSUMPTION, GENERATION, STORAGE" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.unit", "WH, KWH" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.unit", BlockUnits },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.phase", Phases },
        { OscpMessageKind.Handshake, "required_behaviour.measurement_configuration[0]", "CONTINUOUS, INTERMITTENT" },
        { OscpMessageKind.HandshakeAcknowledge, "required_behaviour.measurement_configuration[1]", "CONTINUOUS, INTERMITTENT" },
    };

    [Theory]
    [MemberData(nameof(EnumFields))]
    public void Unknown_enum_value_is_rejected_listing_the_allowed_values(OscpMessageKind kind, string path, string allowed)
    {
        var body = JsonEdit.Set(OscpExamples.For(kind), path, "BOGUS");

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.Equal([$"{path}: must be one of {allowed}"], result.Errors);
    }

    [Theory]
    [InlineData("kw")]
    [InlineData("Kw")]
    [InlineData(" KW")]
    public void Enum_values_are_exact_and_case_sensitive(string unit)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "forecasted_blocks[0].unit", unit);

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp);

        Assert.Equal([$"forecasted_blocks[0].unit: must be one of {BlockUnits}"], result.Errors);
    }

    [Fact]
    public void Enum_value_given_as_its_number_is_rejected()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "type", 0);

        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Oscp);

        Assert.Equal([$"type: must be one of {ForecastTypes}"], result.Errors);
    }

    [Fact]
    public void Flat_handshake_with_an_unknown_measurement_configuration_is_rejected_at_top_level()
    {
        var result = OscpValidator.Validate(
            OscpMessageKind.Handshake, """{"measurement_configuration":["CONTINUOUS","SOMETIMES"]}""", PeerProfile.Oscp);

        Assert.Equal(["measurement_configuration[1]: must be one of CONTINUOUS, INTERMITTENT"], result.Errors);
    }
}
