namespace OscpFleet.Simulator.Fleet;

/// <summary>What became of a received limit webhook.</summary>
public enum WebhookOutcome
{
    /// <summary>A newer version: in force at the chargers now (2xx).</summary>
    Applied,

    /// <summary>Not newer than the version applied (out-of-order or repeated delivery): acknowledged (2xx), changes nothing.</summary>
    IgnoredStale,

    /// <summary>Bad or missing signature, or a stale timestamp: 401.</summary>
    Unauthorized,

    /// <summary>A body the CSMS cannot read: 400.</summary>
    BadRequest,

    /// <summary>A group id the CSMS does not manage: 404.</summary>
    UnknownSite,

    /// <summary>Answered with a scripted failure status; nothing applied.</summary>
    Scripted,

    /// <summary>The CSMS is scripted down: 503, nothing applied.</summary>
    Down,

    /// <summary>Larger than the simulator reads: 413.</summary>
    TooLarge,
}
