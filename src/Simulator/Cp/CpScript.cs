using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The misbehaviour a test asked for: silence (send nothing, optionally answer every OSCP call with one
/// status), scripted answers per message kind, and answers held back for one kind.
/// </summary>
internal sealed class CpScript
{
    private readonly Lock _gate = new();
    private readonly Dictionary<OscpMessageKind, (Queue<int> Pending, int? Then)> _scripts = [];
    private bool _silent;
    private int? _silentAnswerStatus;
    private readonly AnswerHold _hold = new();
    private OscpMessageKind? _heldKind;

    /// <summary>True while the simulator must send nothing.</summary>
    public bool Silent
    {
        get
        {
            lock (_gate) return _silent;
        }
    }

    /// <summary>While silent, the status every OSCP call gets; null when calls are answered normally.</summary>
    public int? SilentAnswerStatus
    {
        get
        {
            lock (_gate) return _silent ? _silentAnswerStatus : null;
        }
    }

    /// <summary>Goes silent (or back to normal); <paramref name="answerStatus"/> also stops normal answers.</summary>
    public void SetSilent(bool silent, int? answerStatus)
    {
        if (answerStatus is { } status) RequireStatus(status, nameof(answerStatus));
        lock (_gate)
        {
            _silent = silent;
            _silentAnswerStatus = silent ? answerStatus : null;
        }
    }

    /// <summary>Replaces the script of one message kind.</summary>
    public void Set(OscpMessageKind kind, ScriptedAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        foreach (var status in answers.Statuses) RequireStatus(status, nameof(answers), allowNormal: true);
        if (answers.Then is { } then) RequireStatus(then, nameof(answers));
        var permanent = answers.Then is 0 or StatusCodes.Status204NoContent ? null : answers.Then;
        lock (_gate) _scripts[kind] = (new Queue<int>(answers.Statuses), permanent);
    }

    /// <summary>Forgets the script of one kind, or of every kind when <paramref name="kind"/> is null.</summary>
    public void Clear(OscpMessageKind? kind)
    {
        lock (_gate)
        {
            if (kind is { } k) _scripts.Remove(k);
            else _scripts.Clear();
        }
    }

    /// <summary>The scripted answer for the next call of <paramref name="kind"/>; null means "handle normally".</summary>
    public int? Next(OscpMessageKind kind)
    {
        lock (_gate)
        {
            if (!_scripts.TryGetValue(kind, out var script)) return null;
            if (script.Pending.TryDequeue(out var status))
                return status is 0 or StatusCodes.Status204NoContent ? null : status;
            if (script.Then is null) _scripts.Remove(kind);
            return script.Then;
        }
    }

    /// <summary>The scripts still pending, keyed by message path.</summary>
    public IReadOnlyDictionary<string, ScriptedAnswers> Snapshot()
    {
        lock (_gate)
            return _scripts.ToDictionary(s => s.Key.Path(), s => new ScriptedAnswers([.. s.Value.Pending], s.Value.Then));
    }

    /// <summary>
    /// From now on every call of <paramref name="kind"/> waits, unanswered and unrecorded, until <see cref="ReleaseAnswers"/>
    /// (a CP that answers slowly). The returned task completes when the first one is being held.
    /// </summary>
    public Task HoldAnswers(OscpMessageKind kind)
    {
        lock (_gate)
        {
            if (_heldKind is { } held && held != kind)
                throw new InvalidOperationException($"{held.Path()} calls are held already: release them first");
            _heldKind = kind;
            return _hold.Hold();
        }
    }

    /// <summary>Lets every held call (and every later one) through.</summary>
    public void ReleaseAnswers()
    {
        lock (_gate)
        {
            _heldKind = null;
            _hold.Release();
        }
    }

    /// <summary>Waits while calls of <paramref name="kind"/> are held (see <see cref="HoldAnswers"/>).</summary>
    public Task WaitWhileHeldAsync(OscpMessageKind kind, CancellationToken cancellationToken)
    {
        lock (_gate)
            return _heldKind == kind ? _hold.WaitWhileHeldAsync(cancellationToken) : Task.CompletedTask;
    }

    private static void RequireStatus(int status, string name, bool allowNormal = false)
    {
        if (allowNormal && status == 0) return;
        if (status is < 200 or > 599)
            throw new ArgumentOutOfRangeException(name, status, "A scripted status must be an HTTP status 200-599 (0 or 204: handle normally).");
    }
}
