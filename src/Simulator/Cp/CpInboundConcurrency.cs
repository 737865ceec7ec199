using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>The calls of each kind the simulated CP is handling at once, and the most it has seen of each.</summary>
internal sealed class CpInboundConcurrency
{
    private readonly InFlightCount[] counts = [.. Enum.GetValues<OscpMessageKind>().Select(_ => new InFlightCount())];

    /// <summary>The most calls of <paramref name="kind"/> handled at once since the start or the last <see cref="ResetPeak"/>.</summary>
    public long Peak(OscpMessageKind kind) => counts[(int)kind].Peak;

    /// <summary>Counts one call of <paramref name="kind"/> in until the result is disposed.</summary>
    public IDisposable Enter(OscpMessageKind kind) => counts[(int)kind].Enter();

    /// <summary>Starts a new measurement of the peak of <paramref name="kind"/>.</summary>
    public void ResetPeak(OscpMessageKind kind) => counts[(int)kind].ResetPeak();
}
