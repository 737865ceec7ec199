using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Reporting;

/// <summary>
/// The measurement configuration a CP asks for in its handshake (docs/protocol.md, "Handshake and acknowledge
/// bodies"), as the peer keeps it (wire values), and which report message a profile gets.
/// </summary>
public static class MeasurementConfigurations
{
    private const string Continuous = "CONTINUOUS";
    private const string Intermittent = "INTERMITTENT";

    /// <summary>The wire value of <paramref name="value"/>.</summary>
    public static string ToWire(MeasurementConfiguration value) => value switch
    {
        MeasurementConfiguration.Continuous => Continuous,
        MeasurementConfiguration.Intermittent => Intermittent,
        _ => value.ToString(),
    };

    /// <summary>The configurations named by <paramref name="wireValues"/>, in order; values it does not know are left out.</summary>
    public static IReadOnlyList<MeasurementConfiguration> Parse(IEnumerable<string> wireValues)
    {
        ArgumentNullException.ThrowIfNull(wireValues);
        var parsed = new List<MeasurementConfiguration>();
        foreach (var value in wireValues)
        {
            if (string.Equals(value, Continuous, StringComparison.Ordinal)) parsed.Add(MeasurementConfiguration.Continuous);
            else if (string.Equals(value, Intermittent, StringComparison.Ordinal)) parsed.Add(MeasurementConfiguration.Intermittent);
        }

        return parsed;
    }

    /// <summary>The message a closed period is reported with: <c>update_asset_measurements</c> (vector), <c>update_group_measurements</c> (oscp).</summary>
    public static OscpMessageKind ReportMessage(PeerProfile profile) =>
        profile == PeerProfile.Oscp ? OscpMessageKind.UpdateGroupMeasurements : OscpMessageKind.UpdateAssetMeasurements;
}
