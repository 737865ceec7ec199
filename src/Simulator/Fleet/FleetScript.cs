namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The misbehaviour a test asked for: the CSMS down (503 to every webhook), scripted webhook answers, no
/// confirmations, a slower confirmation.
/// </summary>
internal sealed class FleetScript(FleetSimulatorOptions options)
{
    private readonly Lock _gate = new();
    private readonly Queue<int> _statuses = new();
    private int? _then;
    private bool _down;
    private bool _confirming = true;
    private readonly AnswerHold _hold = new();
    private TimeSpan _confirmDelay = TimeSpan.FromSeconds(options.ConfirmDelaySeconds);

    public bool Down
    {
        get
        {
            lock (_gate) return _down;
        }
        set
        {
            lock (_gate) _down = value;
        }
    }

    public bool Confirming
    {
        get
        {
            lock (_gate) return _confirming;
        }
        set
        {
            lock (_gate) _confirming = value;
        }
    }

    public TimeSpan ConfirmDelay
    {
        get
        {
            lock (_gate) return _confirmDelay;
        }
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            lock (_gate) _confirmDelay = value;
        }
    }

    /// <summary>The statuses still to answer, then the permanent one (null: back to normal).</summary>
    public (IReadOnlyList<int> Pending, int? Then) WebhookScript
    {
        get
        {
            lock (_gate) return ([.. _statuses], _then);
        }
    }

    /// <summary>Answers the next webhooks with <paramref name="statuses"/>, then every later one with <paramref name="then"/> (null: normally).</summary>
    public void SetWebhookAnswers(IReadOnlyList<int> statuses, int? then)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        foreach (var status in statuses) RequireStatus(status, nameof(statuses));
        if (then is { } t) RequireStatus(t, nameof(then));
        lock (_gate)
        {
            _statuses.Clear();
            foreach (var status in statuses) _statuses.Enqueue(status);
            _then = then is 0 ? null : then;
        }
    }

    public void ClearWebhookAnswers() => SetWebhookAnswers([], null);

    /// <summary>The scripted status of the next authentic webhook; null (or a 2xx) means "handle it", anything else "answer only this".</summary>
    public int? NextWebhookStatus()
    {
        lock (_gate)
        {
            if (_statuses.TryDequeue(out var status)) return status is 0 ? null : status;
            return _then;
        }
    }

    /// <summary>
    /// From now on every webhook waits, without an answer, until <see cref="ReleaseWebhooks"/> (a CSMS that answers
    /// slowly). The returned task completes when the first webhook is being held.
    /// </summary>
    public Task HoldWebhooks() => _hold.Hold();

    /// <summary>Lets every held webhook (and every later one) through.</summary>
    public void ReleaseWebhooks() => _hold.Release();

    /// <summary>Waits while webhooks are held (see <see cref="HoldWebhooks"/>).</summary>
    public Task WaitWhileHeldAsync(CancellationToken cancellationToken) => _hold.WaitWhileHeldAsync(cancellationToken);

    private static void RequireStatus(int status, string name)
    {
        if (status != 0 && status is < 200 or > 599)
            throw new ArgumentOutOfRangeException(name, status, "A scripted status must be an HTTP status 200-599 (0: handle normally).");
    }
}
