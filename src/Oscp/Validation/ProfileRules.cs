using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Rules that depend on who the peer is, plus our own identifier rule. Every profile: <c>group_id</c> is
/// letters, digits, <c>_</c> and <c>-</c>, 1–64 characters (docs/protocol.md, "Roles and profiles").
/// <see cref="PeerProfile.Vector"/>: UpdateGroupMeasurements is not supported, and instantaneous measurements use KW or W only. (Vector's
/// energy units, KWH and WH, are exactly OSCP's EnergyMeasurementUnit, so the schema already enforces them.)
/// </summary>
internal static partial class ProfileRules
{
    public const string GroupIdRule = "must be 1 to 64 letters, digits, '_' or '-'";

    private static readonly string[] VectorInstantaneousUnits = ["KW", "W"];
    private static readonly string[] OscpInstantaneousUnits = ["A", "W", "KW", "WH", "KWH"];

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex GroupId();

    /// <summary>True for a group id our contract accepts.</summary>
    public static bool IsValidGroupId(string? groupId) => groupId is not null && GroupId().IsMatch(groupId);

    public static void Check(OscpMessageKind kind, JsonElement body, PeerProfile profile, ProblemList problems)
    {
        if (profile == PeerProfile.Vector && kind == OscpMessageKind.UpdateGroupMeasurements)
        {
            problems.Add(JsonLocation.Body, $"{kind.Path()} is not supported by the vector profile (send update_asset_measurements)");
        }

        if (body.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (body.TryGetProperty("group_id", out var groupId) && groupId.ValueKind == JsonValueKind.String
            && !IsValidGroupId(groupId.GetString()))
        {
            problems.Add("group_id", GroupIdRule);
        }

        if (profile == PeerProfile.Vector && kind == OscpMessageKind.UpdateAssetMeasurements)
        {
            CheckVectorInstantaneousUnits(body, problems);
        }
    }

    private static void CheckVectorInstantaneousUnits(JsonElement body, ProblemList problems)
    {
        if (!body.TryGetProperty("measurements", out var measurements) || measurements.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var index = 0;
        foreach (var measurement in measurements.EnumerateArray())
        {
            var path = JsonLocation.Property(JsonLocation.Index("measurements", index++), "instantaneous_measurement");
            if (measurement.ValueKind == JsonValueKind.Object
                && measurement.TryGetProperty("instantaneous_measurement", out var instantaneous)
                && instantaneous.ValueKind == JsonValueKind.Object
                && instantaneous.TryGetProperty("unit", out var unit)
                && unit.ValueKind == JsonValueKind.String
                && OscpInstantaneousUnits.Contains(unit.GetString(), StringComparer.Ordinal) // others: the schema already said so
                && !VectorInstantaneousUnits.Contains(unit.GetString(), StringComparer.Ordinal))
            {
                problems.Add(JsonLocation.Property(path, "unit"), $"must be one of {string.Join(", ", VectorInstantaneousUnits)} for the vector profile");
            }
        }
    }
}
