using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

public sealed class OscpMessageKindsTests
{
    [Theory]
    [InlineData(OscpMessageKind.Register, "register", typeof(Register))]
    [InlineData(OscpMessageKind.Handshake, "handshake", typeof(Handshake))]
    [InlineData(OscpMessageKind.HandshakeAcknowledge, "handshake_acknowledge", typeof(HandshakeAcknowledge))]
    [InlineData(OscpMessageKind.Heartbeat, "heartbeat", typeof(Heartbeat))]
    [InlineData(OscpMessageKind.UpdateGroupCapacityForecast, "update_group_capacity_forecast", typeof(UpdateGroupCapacityForecast))]
    [InlineData(OscpMessageKind.AdjustGroupCapacityForecast, "adjust_group_capacity_forecast", typeof(AdjustGroupCapacityForecast))]
    [InlineData(OscpMessageKind.GroupCapacityComplianceError, "group_capacity_compliance_error", typeof(GroupCapacityComplianceError))]
    [InlineData(OscpMessageKind.UpdateGroupMeasurements, "update_group_measurements", typeof(UpdateGroupMeasurements))]
    [InlineData(OscpMessageKind.UpdateAssetMeasurements, "update_asset_measurements", typeof(UpdateAssetMeasurements))]
    public void Each_kind_has_its_oscp_path_and_wire_type_both_ways(OscpMessageKind kind, string path, Type type)
    {
        Assert.Equal(path, kind.Path());
        Assert.Equal(type, kind.MessageType());
        Assert.True(OscpMessageKinds.TryParsePath(path, out var parsed));
        Assert.Equal(kind, parsed);
        Assert.True(OscpMessageKinds.TryGetKind(type, out var byType));
        Assert.Equal(kind, byType);
    }

    [Fact]
    public void All_lists_every_kind_once()
    {
        Assert.Equal(Enum.GetValues<OscpMessageKind>(), OscpMessageKinds.All);
    }

    [Theory]
    [InlineData("handshake_acknowledgment")]
    [InlineData("Heartbeat")]
    [InlineData("/heartbeat")]
    [InlineData("")]
    public void Unknown_or_misspelled_paths_are_not_recognised(string path)
    {
        Assert.False(OscpMessageKinds.TryParsePath(path, out _));
    }

    [Fact]
    public void A_type_that_is_not_a_message_has_no_kind()
    {
        Assert.False(OscpMessageKinds.TryGetKind(typeof(ForecastedBlock), out _));
        Assert.Throws<ArgumentException>(() => OscpMessageKinds.Of<OscpError>());
    }
}
