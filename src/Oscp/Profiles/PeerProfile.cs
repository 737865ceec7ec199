namespace OscpFleet.Oscp.Profiles;

/// <summary>
/// Which dialect of OSCP 2.0 a peer (one CP connection) speaks; configured as <c>Profile: vector | oscp</c>.
/// </summary>
public enum PeerProfile
{
    /// <summary>Vector DERMS (docs/protocol.md, "Roles and profiles"): OAuth, asset measurements to the CP, instantaneous units KW/W only, no UpdateGroupMeasurements.</summary>
    Vector,

    /// <summary>Plain OSCP 2.0 (docs/protocol.md, "Roles and profiles").</summary>
    Oscp,
}
