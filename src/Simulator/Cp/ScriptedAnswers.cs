namespace OscpFleet.Simulator.Cp;

/// <summary>
/// How the simulator answers the next calls of one message kind: <paramref name="Statuses"/> one per call
/// (204 or 0 means "handle normally"), then <paramref name="Then"/> for every later call (null: back to normal).
/// </summary>
/// <param name="Statuses">The answers still to give, in order.</param>
/// <param name="Then">The permanent answer once those are used up, e.g. 409 "not connected"; null for normal handling.</param>
public sealed record ScriptedAnswers(IReadOnlyList<int> Statuses, int? Then = null);
