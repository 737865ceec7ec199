namespace OscpFleet.Simulator.Cp;

/// <summary>The simulator's view of its OSCP connection with the FP.</summary>
public enum CpConnectionState
{
    /// <summary>No handshake completed yet, or the last one failed.</summary>
    Offline,

    /// <summary>The FP sent a handshake; the simulator's acknowledge is on its way.</summary>
    Handshaking,

    /// <summary>The simulator sent a handshake and waits for the FP's acknowledge.</summary>
    AwaitingAcknowledge,

    /// <summary>A handshake completed: heartbeats and scheduled forecasts flow.</summary>
    Online,
}
