using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>Everything the control API's <c>GET /sim/state</c> shows.</summary>
/// <param name="Now">The simulator's clock.</param>
/// <param name="Connection">The OSCP connection with the FP.</param>
/// <param name="RequiredHeartbeatIntervalSeconds">What the simulator asks of the FP (0: nothing).</param>
/// <param name="Silent">True while the simulator sends nothing.</param>
/// <param name="SilentAnswerStatus">While silent, the status every OSCP call gets; null when calls are still answered normally.</param>
/// <param name="RefusingTokens">True while <c>/token</c> answers 401 to everyone.</param>
/// <param name="Scripts">Scripted answers still pending, by message path.</param>
/// <param name="LastForecastRequestIds">The request id of the last forecast delivered to each site.</param>
/// <param name="ReceivedCount">Records of calls received.</param>
/// <param name="SentCount">Records of messages sent.</param>
/// <param name="RequiredMeasurementConfiguration">The kinds of energy readings the simulator asks of the FP (empty: no preference).</param>
public sealed record CpSimulatorState(
    DateTimeOffset Now,
    CpConnectionSnapshot Connection,
    int RequiredHeartbeatIntervalSeconds,
    bool Silent,
    int? SilentAnswerStatus,
    bool RefusingTokens,
    IReadOnlyDictionary<string, ScriptedAnswers> Scripts,
    IReadOnlyDictionary<string, string> LastForecastRequestIds,
    int ReceivedCount,
    int SentCount,
    IReadOnlyList<MeasurementConfiguration> RequiredMeasurementConfiguration);
