using System.Diagnostics.Metrics;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// The instruments of one buffered record stream (meter <c>OscpFleet.Records</c>): <c>oscpfleet.&lt;name&gt;.dropped</c>
/// (the buffer was full), <c>oscpfleet.&lt;name&gt;.write_failures</c> (entries in a failed write),
/// <c>oscpfleet.&lt;name&gt;.written</c>; Prometheus shows them as <c>oscpfleet_journal_dropped_total</c> and so on.
/// </summary>
public sealed class RecordMetrics
{
    /// <summary>Meter name.</summary>
    public const string MeterName = "OscpFleet.Records";

    private readonly Counter<long> dropped;
    private readonly Counter<long> failures;
    private readonly Counter<long> written;

    /// <summary>Creates the instruments of stream <paramref name="name"/> (<c>journal</c>, <c>history</c>).</summary>
    public RecordMetrics(IMeterFactory meters, string name, Func<int> depth)
    {
        var meter = meters.Create(MeterName);
        dropped = meter.CreateCounter<long>($"oscpfleet.{name}.dropped", description: $"{name} entries not kept because the write buffer was full");
        failures = meter.CreateCounter<long>($"oscpfleet.{name}.write_failures", description: $"{name} entries lost in a failed storage write");
        written = meter.CreateCounter<long>($"oscpfleet.{name}.written", description: $"{name} entries written to storage");
        meter.CreateObservableGauge($"oscpfleet.{name}.buffered", depth, description: $"{name} entries waiting in this process's write buffer");
    }

    /// <summary>One entry did not fit the buffer.</summary>
    public void Dropped() => dropped.Add(1);

    /// <summary><paramref name="count"/> entries were in a write that failed.</summary>
    public void WriteFailed(int count) => failures.Add(count);

    /// <summary><paramref name="count"/> entries were written.</summary>
    public void Written(int count) => written.Add(count);
}
