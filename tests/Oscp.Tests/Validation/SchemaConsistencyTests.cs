using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

public sealed class SchemaConsistencyTests
{
    public static TheoryData<string, Type> SchemaEnums() => new()
    {
        { "capacity_forecast_type", typeof(CapacityForecastType) },
        { "phase_indicator", typeof(PhaseIndicator) },
        { "forecasted_block_unit", typeof(ForecastedBlockUnit) },
        { "energy_measurement_unit", typeof(EnergyMeasurementUnit) },
        { "instantaneous_measurement_unit", typeof(InstantaneousMeasurementUnit) },
        { "energy_flow_direction", typeof(EnergyFlowDirection) },
        { "energy_type", typeof(EnergyType) },
        { "measurement_configuration", typeof(MeasurementConfiguration) },
        { "asset_category", typeof(AssetCategory) },
    };

    [Theory]
    [MemberData(nameof(SchemaEnums))]
    public void Schema_enums_list_exactly_the_wire_names_of_the_csharp_enums(string definition, Type enumType)
    {
        using var common = JsonDocument.Parse(OscpSchemaSet.Text("common"));
        var schemaValues = common.RootElement.GetProperty("$defs").GetProperty(definition).GetProperty("enum")
            .EnumerateArray().Select(v => v.GetString()).ToArray();

        var wireNames = enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name)
            .ToArray();

        Assert.Equal(wireNames, schemaValues);
    }

    [Theory]
    [MemberData(nameof(OscpExamples.AllKinds), MemberType = typeof(OscpExamples))]
    public void Every_message_has_its_own_schema_named_after_its_path(OscpMessageKind kind)
    {
        using var schema = JsonDocument.Parse(OscpSchemaSet.Text(kind.Path()));

        Assert.EndsWith($"/{kind.Path()}.json", schema.RootElement.GetProperty("$id").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(OscpExamples.AllKinds), MemberType = typeof(OscpExamples))]
    public void Every_example_is_valid_for_plain_oscp(OscpMessageKind kind)
    {
        var result = OscpValidator.Validate(kind, OscpExamples.For(kind), PeerProfile.Oscp);

        Assert.True(result.IsValid, result.ToString());
    }

    [Theory]
    [MemberData(nameof(OscpExamples.AllKinds), MemberType = typeof(OscpExamples))]
    public void Every_example_but_group_measurements_is_valid_for_vector(OscpMessageKind kind)
    {
        var result = OscpValidator.Validate(kind, OscpExamples.For(kind), PeerProfile.Vector);

        Assert.Equal(kind != OscpMessageKind.UpdateGroupMeasurements, result.IsValid);
    }
}
