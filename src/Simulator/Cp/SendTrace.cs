namespace OscpFleet.Simulator.Cp;

/// <summary>
/// What happened on the wire during one outbound send: each HTTP attempt's request id and when it left and
/// was answered. It flows with the async call (<see cref="Current"/>) into <see cref="SendTraceHandler"/>,
/// because the outbound client only reports the final request id once everything is over, and the FP's
/// acknowledge of a handshake can arrive before that.
/// </summary>
internal sealed class SendTrace(Action<string>? onAttempt = null)
{
    private static readonly AsyncLocal<SendTrace?> Ambient = new();
    private readonly Lock _gate = new();
    private readonly List<Attempt> _attempts = [];

    /// <summary>The trace of the send in progress on this async flow, if any.</summary>
    public static SendTrace? Current
    {
        get => Ambient.Value;
        set => Ambient.Value = value;
    }

    /// <summary>The attempts so far, oldest first.</summary>
    public IReadOnlyList<Attempt> Attempts
    {
        get
        {
            lock (_gate) return [.. _attempts];
        }
    }

    /// <summary>The attempt with this request id, or the last one, or null when nothing left.</summary>
    public Attempt? Find(string requestId)
    {
        lock (_gate)
            return _attempts.LastOrDefault(a => a.RequestId == requestId) ?? _attempts.LastOrDefault();
    }

    /// <summary>Notes an attempt leaving; runs the callback first, so state it sets is in place before the FP can react.</summary>
    public Attempt Begin(string requestId, long sequence, DateTimeOffset at)
    {
        onAttempt?.Invoke(requestId);
        var attempt = new Attempt(requestId, sequence, at);
        lock (_gate) _attempts.Add(attempt);
        return attempt;
    }

    /// <summary>One HTTP request of a send.</summary>
    public sealed class Attempt(string requestId, long sequence, DateTimeOffset sentAt)
    {
        public string RequestId { get; } = requestId;

        public long Sequence { get; } = sequence;

        public DateTimeOffset SentAt { get; } = sentAt;

        public long? AnsweredSequence { get; private set; }

        public DateTimeOffset? AnsweredAt { get; private set; }

        public void Answered(long sequence, DateTimeOffset at)
        {
            AnsweredSequence = sequence;
            AnsweredAt = at;
        }
    }
}
