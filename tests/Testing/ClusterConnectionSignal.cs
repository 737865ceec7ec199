namespace OscpFleet.Testing;

/// <summary>
/// Tells a test when a gateway's Orleans client has its cluster back after losing it (a silo killed and replaced),
/// from the client's own notifications — no polling.
/// </summary>
public sealed class ClusterConnectionSignal : IClusterConnectionStatusObserver
{
    private readonly object gate = new();
    private TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool lost;

    /// <summary>Completes once the client is connected to at least one gateway again after its next (or current) loss.</summary>
    public Task Reconnected
    {
        get { lock (gate) return recovered.Task; }
    }

    /// <summary>Arms a new wait: call before the disruption.</summary>
    public void Reset()
    {
        lock (gate)
        {
            lost = false;
            if (recovered.Task.IsCompleted) recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <inheritdoc />
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        lock (gate)
        {
            if (currentNumberOfGateways == 0) lost = true;
            else if (lost || connectionRecovered) recovered.TrySetResult();
        }
    }

    /// <inheritdoc />
    public void NotifyClusterConnectionLost()
    {
        lock (gate) lost = true;
    }
}
