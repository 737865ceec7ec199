using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using OscpFleet.Oscp.Client;

namespace OscpFleet.Oscp.Tests.Client;

/// <summary>Listens to the client's meter of one service provider (its <see cref="IMeterFactory"/>) only.</summary>
internal sealed class RecordedMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, IReadOnlyDictionary<string, string?> Tags)> _measurements = new();

    public RecordedMeasurements(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OscpClientRegistration.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var copy = new Dictionary<string, string?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value?.ToString();
            }

            _measurements.Enqueue((instrument.Name, value, copy));
        });
        _listener.Start();
    }

    /// <summary>The tags of every measurement of <paramref name="instrument"/>, rendered as <c>key=value,…</c> sorted by key.</summary>
    public IReadOnlyList<string> Of(string instrument) =>
        _measurements
            .Where(m => m.Instrument == instrument)
            .Select(m => string.Join(",", m.Tags.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}")) + $" +{m.Value}")
            .ToArray();

    public void Dispose() => _listener.Dispose();
}
