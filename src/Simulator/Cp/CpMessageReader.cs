using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Validates an inbound body with the protocol library (under the simulator's profile) and reads its typed message.</summary>
internal static class CpMessageReader
{
    /// <summary>The typed message (null when invalid) and every problem found.</summary>
    public static (object? Message, ValidationResult Result) Read(OscpMessageKind kind, ReadOnlyMemory<byte> body, PeerProfile profile) => kind switch
    {
        OscpMessageKind.Handshake => Read<Handshake>(body, profile),
        OscpMessageKind.HandshakeAcknowledge => Read<HandshakeAcknowledge>(body, profile),
        OscpMessageKind.Heartbeat => Read<Heartbeat>(body, profile),
        OscpMessageKind.UpdateAssetMeasurements => Read<UpdateAssetMeasurements>(body, profile),
        OscpMessageKind.UpdateGroupMeasurements => Read<UpdateGroupMeasurements>(body, profile),
        OscpMessageKind.AdjustGroupCapacityForecast => Read<AdjustGroupCapacityForecast>(body, profile),
        OscpMessageKind.GroupCapacityComplianceError => Read<GroupCapacityComplianceError>(body, profile),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A capacity provider does not receive this message."),
    };

    private static (object? Message, ValidationResult Result) Read<T>(ReadOnlyMemory<byte> body, PeerProfile profile)
        where T : class =>
        OscpValidator.TryRead<T>(body, profile, out var message, out var result) ? (message, result) : (null, result);
}
