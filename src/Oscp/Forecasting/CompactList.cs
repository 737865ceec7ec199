using System.Collections;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A read-only list of <typeparamref name="T"/> held as runs (<see cref="IntervalRuns"/>): each item is made from its
/// entry when asked for (a value, nothing allocated). <see cref="CompactSchedule"/> and <see cref="CompactTimeline"/>
/// differ only in the item they make.
/// </summary>
public abstract class CompactList<T> : IReadOnlyList<T>
{
    private protected CompactList(IntervalRuns runs) => Runs = runs;

    /// <summary>The runs (written as they are by the stored form's converter).</summary>
    internal IntervalRuns Runs { get; }

    /// <inheritdoc />
    public int Count => Runs.Count;

    /// <summary>How many runs hold the items (for tests and diagnostics).</summary>
    public int RunCount => Runs.RunCount;

    /// <inheritdoc />
    public T this[int index] => Make(Runs[index]);

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        foreach (var entry in Runs) yield return Make(entry);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The item an entry stands for.</summary>
    private protected abstract T Make(IntervalRunsJson.Interval entry);
}
