using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class RequiredFieldTests
{
    public static TheoryData<OscpMessageKind, string> RequiredFields() => new()
    {
        { OscpMessageKind.Register, "token" },
        { OscpMessageKind.Register, "version_url" },
        { OscpMessageKind.Register, "version_url[0].version" },
        { OscpMessageKind.Register, "version_url[0].base_url" },
        { OscpMessageKind.Heartbeat, "offline_mode_at" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "group_id" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "type" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[0].capacity" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[0].phase" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].unit" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].start_time" },
        { OscpMessageKind.UpdateGroupCapacityForecast, "forecasted_blocks[1].end_time" },
        { OscpMessageKind.AdjustGroupCapacityForecast, "group_id" },
        { OscpMessageKind.AdjustGroupCapacityForecast, "type" },
        { OscpMessageKind.AdjustGroupCapacityForecast, "forecasted_blocks" },
        { OscpMessageKind.AdjustGroupCapacityForecast, "forecasted_blocks[0].capacity" },
        { OscpMessageKind.AdjustGroupCapacityForecast, "forecasted_blocks[0].end_time" },
        { OscpMessageKind.GroupCapacityComplianceError, "message" },
        { OscpMessageKind.GroupCapacityComplianceError, "forecasted_blocks[0].unit" },
        { OscpMessageKind.UpdateGroupMeasurements, "group_id" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].value" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].phase" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].unit" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[0].direction" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[1].measure_time" },
        { OscpMessageKind.UpdateAssetMeasurements, "group_id" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].asset_id" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].asset_category" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.value" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.phase" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.unit" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.direction" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement.measure_time" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.value" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.phase" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.unit" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement.measure_time" },
    };

    [Theory]
    [MemberData(nameof(RequiredFields))]
    public void Body_missing_a_required_field_is_rejected_naming_exactly_that_field(OscpMessageKind kind, string path)
    {
        var body = JsonEdit.Remove(OscpExamples.For(kind), path);

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.Equal([$"{path}: is required"], result.Errors);
    }

    public static TheoryData<OscpMessageKind, string> OptionalFields() => new()
    {
        { OscpMessageKind.GroupCapacityComplianceError, "forecasted_blocks" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[1].energy_type" },
        { OscpMessageKind.UpdateGroupMeasurements, "measurements[1].initial_measure_time" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].energy_measurement" },
        { OscpMessageKind.UpdateAssetMeasurements, "measurements[0].instantaneous_measurement" },
        { OscpMessageKind.Handshake, "required_behaviour" },
        { OscpMessageKind.Handshake, "required_behaviour.heartbeat_interval" },
        { OscpMessageKind.Handshake, "required_behaviour.measurement_configuration" },
        { OscpMessageKind.HandshakeAcknowledge, "required_behaviour" },
    };

    [Theory]
    [MemberData(nameof(OptionalFields))]
    public void Body_without_an_optional_field_is_valid(OscpMessageKind kind, string path)
    {
        var body = JsonEdit.Remove(OscpExamples.For(kind), path);

        var result = OscpValidator.Validate(kind, body, PeerProfile.Oscp);

        Assert.True(result.IsValid, result.ToString());
    }
}
