using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class ProfileRuleTests
{
    private const string InstantaneousUnit = "measurements[0].instantaneous_measurement.unit";
    private const string EnergyUnit = "measurements[0].energy_measurement.unit";

    public static TheoryData<PeerProfile> Profiles() => [PeerProfile.Vector, PeerProfile.Oscp];

    [Theory]
    [InlineData("A")]
    [InlineData("WH")]
    [InlineData("KWH")]
    public void Vector_rejects_instantaneous_units_other_than_kw_and_w(string unit)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateAssetMeasurements, InstantaneousUnit, unit);

        var result = OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Vector);

        Assert.Equal([$"{InstantaneousUnit}: must be one of KW, W for the vector profile"], result.Errors);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("WH")]
    [InlineData("KWH")]
    public void Plain_oscp_accepts_every_instantaneous_unit_it_defines(string unit)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateAssetMeasurements, InstantaneousUnit, unit);

        Assert.True(OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Oscp).IsValid);
    }

    [Theory]
    [InlineData("KW")]
    [InlineData("W")]
    public void Vector_accepts_instantaneous_kw_and_w(string unit)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateAssetMeasurements, InstantaneousUnit, unit);

        Assert.True(OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Vector).IsValid);
    }

    [Theory]
    [InlineData("KWH", true)]
    [InlineData("WH", true)]
    [InlineData("KW", false)]
    [InlineData("W", false)]
    [InlineData("A", false)]
    public void Vector_energy_readings_are_in_kwh_or_wh_only(string unit, bool valid)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateAssetMeasurements, EnergyUnit, unit);

        var result = OscpValidator.Validate(OscpMessageKind.UpdateAssetMeasurements, body, PeerProfile.Vector);

        Assert.Equal(valid ? [] : [$"{EnergyUnit}: must be one of WH, KWH"], result.Errors);
    }

    [Fact]
    public void Vector_does_not_support_update_group_measurements()
    {
        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupMeasurements, OscpExamples.UpdateGroupMeasurements, PeerProfile.Vector);

        Assert.Equal(
            ["body: update_group_measurements is not supported by the vector profile (send update_asset_measurements)"],
            result.Errors);
    }

    [Fact]
    public void Plain_oscp_supports_update_group_measurements()
    {
        Assert.True(OscpValidator.Validate(OscpMessageKind.UpdateGroupMeasurements, OscpExamples.UpdateGroupMeasurements, PeerProfile.Oscp).IsValid);
    }

    [Theory]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "BUS AUK 1")]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "")]
    [InlineData(OscpMessageKind.AdjustGroupCapacityForecast, "SITE.42")]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "SITE/42")]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "SITE42\n")]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "SITÉ42")]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "S١")]
    public void Group_id_outside_letters_digits_underscore_and_dash_is_rejected_for_every_profile(OscpMessageKind kind, string groupId)
    {
        var body = JsonEdit.Set(OscpExamples.For(kind), "group_id", groupId);

        foreach (var profile in new[] { PeerProfile.Vector, PeerProfile.Oscp })
        {
            var result = OscpValidator.Validate(kind, body, profile);
            Assert.Equal(["group_id: must be 1 to 64 letters, digits, '_' or '-'"], result.Errors);
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void Group_id_longer_than_64_characters_is_rejected(PeerProfile profile)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "group_id", new string('A', 65));

        Assert.Equal(
            ["group_id: must be 1 to 64 letters, digits, '_' or '-'"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, profile).Errors);
    }

    [Theory]
    [InlineData("BUS_AUK_1")]
    [InlineData("FP_NZ_AKL_01")]
    [InlineData("site-42")]
    [InlineData("x")]
    public void Group_ids_of_the_contract_are_accepted(string groupId)
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "group_id", groupId);
        var longest = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "group_id", new string('9', 64));

        Assert.True(OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Vector).IsValid);
        Assert.True(OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, longest, PeerProfile.Vector).IsValid);
    }

    [Fact]
    public void Group_id_that_is_not_a_string_is_reported_once_as_a_type_problem()
    {
        var body = JsonEdit.Set(OscpExamples.UpdateGroupCapacityForecast, "group_id", 42);

        Assert.Equal(
            ["group_id: must be a string"],
            OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, body, PeerProfile.Vector).Errors);
    }
}
