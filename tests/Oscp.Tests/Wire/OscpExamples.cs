using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Wire;

/// <summary>Hand-written, valid bodies of every OSCP 2.0 message, in the form we write (times in UTC with Z).</summary>
internal static class OscpExamples
{
    public const string Register = """
        { "token": "fp-issued-token-for-cp",
          "version_url": [ { "version": "2.0", "base_url": "https://fp.example.com/oscp/fp/2.0" } ] }
        """;

    public const string Handshake = """
        { "required_behaviour": { "heartbeat_interval": 30, "measurement_configuration": [ "CONTINUOUS" ] } }
        """;

    public const string HandshakeAcknowledge = """
        { "required_behaviour": { "heartbeat_interval": 60, "measurement_configuration": [ "INTERMITTENT", "CONTINUOUS" ] } }
        """;

    public const string Heartbeat = """
        { "offline_mode_at": "2026-11-26T12:01:00Z" }
        """;

    public const string UpdateGroupCapacityForecast = """
        { "group_id": "BUS_AUK_1", "type": "CONSUMPTION",
          "forecasted_blocks": [
            { "capacity": 120.5, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T12:15:00Z" },
            { "capacity": 80, "phase": "ALL", "unit": "KW", "start_time": "2026-11-26T12:15:00Z", "end_time": "2026-11-26T12:30:00Z" } ] }
        """;

    public const string AdjustGroupCapacityForecast = """
        { "group_id": "ALBANY-123", "type": "FALLBACK_CONSUMPTION",
          "forecasted_blocks": [
            { "capacity": 32, "phase": "ONE", "unit": "A", "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T13:00:00Z" } ] }
        """;

    public const string GroupCapacityComplianceError = """
        { "message": "fixed load above the limit",
          "forecasted_blocks": [
            { "capacity": 0, "phase": "ALL", "unit": "W", "start_time": "2026-11-26T12:00:00Z", "end_time": "2026-11-26T12:15:00Z" } ] }
        """;

    public const string UpdateGroupMeasurements = """
        { "group_id": "SITE42",
          "measurements": [
            { "value": 1834.521, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "measure_time": "2026-11-26T12:15:00Z" },
            { "value": 14200, "phase": "ONE", "unit": "WH", "direction": "NET", "energy_type": "FLEXIBLE",
              "initial_measure_time": "2026-11-26T12:00:00Z", "measure_time": "2026-11-26T12:15:00.250Z" } ] }
        """;

    public const string UpdateAssetMeasurements = """
        { "group_id": "SITE42",
          "measurements": [ { "asset_id": "SITE42", "asset_category": "CHARGING",
              "energy_measurement": { "value": 14.2, "phase": "ALL", "unit": "KWH", "direction": "IMPORT", "energy_type": "TOTAL",
                                      "initial_measure_time": "2026-11-26T12:00:00Z", "measure_time": "2026-11-26T12:15:00Z" },
              "instantaneous_measurement": { "value": 57.3, "phase": "ALL", "unit": "KW", "measure_time": "2026-11-26T12:15:00Z" } } ] }
        """;

    public static string For(OscpMessageKind kind) => kind switch
    {
        OscpMessageKind.Register => Register,
        OscpMessageKind.Handshake => Handshake,
        OscpMessageKind.HandshakeAcknowledge => HandshakeAcknowledge,
        OscpMessageKind.Heartbeat => Heartbeat,
        OscpMessageKind.UpdateGroupCapacityForecast => UpdateGroupCapacityForecast,
        OscpMessageKind.AdjustGroupCapacityForecast => AdjustGroupCapacityForecast,
        OscpMessageKind.GroupCapacityComplianceError => GroupCapacityComplianceError,
        OscpMessageKind.UpdateGroupMeasurements => UpdateGroupMeasurements,
        OscpMessageKind.UpdateAssetMeasurements => UpdateAssetMeasurements,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static TheoryData<OscpMessageKind> AllKinds()
    {
        var data = new TheoryData<OscpMessageKind>();
        foreach (var kind in OscpMessageKinds.All)
        {
            data.Add(kind);
        }

        return data;
    }
}
