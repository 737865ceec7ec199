namespace OscpFleet.Oscp.Wire;

/// <summary>The OSCP 2.0 messages; <see cref="OscpMessageKinds"/> maps each to its path and CLR type.</summary>
public enum OscpMessageKind
{
    /// <summary><c>/register</c>, <see cref="Wire.Register"/>.</summary>
    Register,
    /// <summary><c>/handshake</c>, <see cref="Wire.Handshake"/>.</summary>
    Handshake,
    /// <summary><c>/handshake_acknowledge</c>, <see cref="Wire.HandshakeAcknowledge"/>.</summary>
    HandshakeAcknowledge,
    /// <summary><c>/heartbeat</c>, <see cref="Wire.Heartbeat"/>.</summary>
    Heartbeat,
    /// <summary><c>/update_group_capacity_forecast</c>, <see cref="Wire.UpdateGroupCapacityForecast"/>.</summary>
    UpdateGroupCapacityForecast,
    /// <summary><c>/adjust_group_capacity_forecast</c>, <see cref="Wire.AdjustGroupCapacityForecast"/>.</summary>
    AdjustGroupCapacityForecast,
    /// <summary><c>/group_capacity_compliance_error</c>, <see cref="Wire.GroupCapacityComplianceError"/>.</summary>
    GroupCapacityComplianceError,
    /// <summary><c>/update_group_measurements</c>, <see cref="Wire.UpdateGroupMeasurements"/>.</summary>
    UpdateGroupMeasurements,
    /// <summary><c>/update_asset_measurements</c>, <see cref="Wire.UpdateAssetMeasurements"/>.</summary>
    UpdateAssetMeasurements,
}
