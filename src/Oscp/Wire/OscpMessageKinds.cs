namespace OscpFleet.Oscp.Wire;

/// <summary>Maps each <see cref="OscpMessageKind"/> to its OSCP 2.0 path segment and its wire type.</summary>
public static class OscpMessageKinds
{
    private static readonly (OscpMessageKind Kind, string Path, Type Type)[] Table =
    [
        (OscpMessageKind.Register, "register", typeof(Register)),
        (OscpMessageKind.Handshake, "handshake", typeof(Handshake)),
        (OscpMessageKind.HandshakeAcknowledge, "handshake_acknowledge", typeof(HandshakeAcknowledge)),
        (OscpMessageKind.Heartbeat, "heartbeat", typeof(Heartbeat)),
        (OscpMessageKind.UpdateGroupCapacityForecast, "update_group_capacity_forecast", typeof(UpdateGroupCapacityForecast)),
        (OscpMessageKind.AdjustGroupCapacityForecast, "adjust_group_capacity_forecast", typeof(AdjustGroupCapacityForecast)),
        (OscpMessageKind.GroupCapacityComplianceError, "group_capacity_compliance_error", typeof(GroupCapacityComplianceError)),
        (OscpMessageKind.UpdateGroupMeasurements, "update_group_measurements", typeof(UpdateGroupMeasurements)),
        (OscpMessageKind.UpdateAssetMeasurements, "update_asset_measurements", typeof(UpdateAssetMeasurements)),
    ];

    /// <summary>Every message kind, in declaration order.</summary>
    public static IReadOnlyList<OscpMessageKind> All { get; } = Array.ConvertAll(Table, row => row.Kind);

    /// <summary>The path segment under a base URL, e.g. <c>update_group_capacity_forecast</c> (no leading slash).</summary>
    public static string Path(this OscpMessageKind kind) => Row(kind).Path;

    /// <summary>The wire record of the message, e.g. <see cref="UpdateGroupCapacityForecast"/>.</summary>
    public static Type MessageType(this OscpMessageKind kind) => Row(kind).Type;

    /// <summary>Finds the kind served at a path segment (exact, lower-case, without slashes).</summary>
    public static bool TryParsePath(string? path, out OscpMessageKind kind)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Path, path, StringComparison.Ordinal))
            {
                kind = row.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>Finds the kind whose wire record is <paramref name="messageType"/>.</summary>
    public static bool TryGetKind(Type messageType, out OscpMessageKind kind)
    {
        foreach (var row in Table)
        {
            if (row.Type == messageType)
            {
                kind = row.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The kind whose wire record is <typeparamref name="T"/>; throws for a type that is not an OSCP message.</summary>
    public static OscpMessageKind Of<T>() =>
        TryGetKind(typeof(T), out var kind)
            ? kind
            : throw new ArgumentException($"{typeof(T).Name} is not an OSCP 2.0 message type.", nameof(T));

    private static (OscpMessageKind Kind, string Path, Type Type) Row(OscpMessageKind kind)
    {
        foreach (var row in Table)
        {
            if (row.Kind == kind)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown OSCP message kind.");
    }
}
