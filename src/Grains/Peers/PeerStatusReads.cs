using System.Collections.Concurrent;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// The sites' reads of their peer's status on this silo, at most one call on its way per peer: every read that arrives
/// while one is on its way shares that one's answer. Every site reads its connection's state when it activates, and after
/// a silo leaves the cluster thousands activate within seconds (the wake-up, the forecasts), each one a call to the one
/// connection grain — which is itself moving to another silo in a rolling restart, and must get the CP's heartbeats in
/// before its <c>offline_mode_at</c>. Sharing turns those thousands into a handful per silo.
/// </summary>
/// <remarks>
/// Safe for the limits: the shared answer is the peer's state at a moment no earlier than the call that carries it, at
/// most one round trip before a site asked; every change after that moment reaches every site as a notice
/// (<c>PeerLinkChangedAsync</c>), which an activating site handles once its activation (and this read) is done. A read
/// that fails fails every caller that shared it, and the next read makes a new call.
/// </remarks>
public sealed class PeerStatusReads
{
    private readonly Func<string, Task<PeerStatus>> read;
    private readonly ConcurrentDictionary<string, Call> onTheirWay = new(StringComparer.Ordinal);

    /// <summary>Reads through <paramref name="grains"/> (the silo's grain factory).</summary>
    public PeerStatusReads(IGrainFactory grains)
        : this(peerId => grains.Get<IPeerGrain>(peerId).GetStatusAsync())
    {
    }

    /// <summary>Reads with <paramref name="read"/> (tests).</summary>
    internal PeerStatusReads(Func<string, Task<PeerStatus>> read) => this.read = read;

    /// <summary>The status of <paramref name="peerId"/>: the answer to the call on its way, or to a new one.</summary>
    public Task<PeerStatus> GetStatusAsync(string peerId) => onTheirWay.GetOrAdd(peerId, id => new Call(this, id)).Answer;

    private async Task<PeerStatus> ReadAsync(Call call)
    {
        try
        {
            return await read(call.PeerId).ConfigureAwait(false);
        }
        finally
        {
            // Only this call's entry: the next read makes a new call.
            onTheirWay.TryRemove(KeyValuePair.Create(call.PeerId, call));
        }
    }

    private sealed class Call
    {
        private readonly Lazy<Task<PeerStatus>> answer;

        public Call(PeerStatusReads owner, string peerId)
        {
            PeerId = peerId;
            // Started once, by the first reader, off its grain's scheduler: the call belongs to no site.
            answer = new(() => Task.Run(() => owner.ReadAsync(this)));
        }

        public string PeerId { get; }

        public Task<PeerStatus> Answer => answer.Value;
    }
}
