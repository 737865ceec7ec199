using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Validates an inbound body with the protocol library (vector profile) and reads its typed message.</summary>
internal static class CpMessageReader
{
    /// <summary>The typed message (null when invalid) and every problem found.</summary>
    public static (object? Message, ValidationResult Result) Read(OscpMessageKind kind, ReadOnlyMemory<byte> body) => kind switch
    {
        OscpMessageKind.Handshake => Read<Handshake>(body),
        OscpMessageKind.HandshakeAcknowledge => Read<HandshakeAcknowledge>(body),
        OscpMessageKind.Heartbeat => Read<Heartbeat>(body),
        OscpMessageKind.UpdateAssetMeasurements => Read<UpdateAssetMeasurements>(body),
        OscpMessageKind.AdjustGroupCapacityForecast => Read<AdjustGroupCapacityForecast>(body),
        OscpMessageKind.GroupCapacityComplianceError => Read<GroupCapacityComplianceError>(body),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "A capacity provider does not receive this message."),
    };

    private static (object? Message, ValidationResult Result) Read<T>(ReadOnlyMemory<byte> body)
        where T : class =>
        OscpValidator.TryRead<T>(body, PeerProfile.Vector, out var message, out var result) ? (message, result) : (null, result);
}
