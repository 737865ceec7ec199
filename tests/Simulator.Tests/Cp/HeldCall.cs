namespace OscpFleet.Simulator.Tests.Cp;

/// <summary>A call a <see cref="PlainFp"/> holds: <see cref="Arrived"/> once it is in, answered when <see cref="Answer"/> is set.</summary>
public sealed class HeldCall
{
    /// <summary>Completes when the held call has arrived.</summary>
    public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The status to answer the held call with.</summary>
    public TaskCompletionSource<int> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
