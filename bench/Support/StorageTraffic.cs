using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OscpFleet.Bench;

/// <summary>
/// Counts the HTTP requests this process makes to Azurite's Table port, by method, from .NET's own
/// <c>System.Net.Http</c> metrics (<c>http.client.request.duration</c>, one measurement per finished request): the
/// Azure SDK, and so Orleans' grain storage, reminders and membership, all go through <see cref="HttpClient"/>. A GET
/// is a read; anything else (POST insert, PUT/PATCH/MERGE update or upsert, DELETE) is counted as a write. The bytes
/// written are the request bodies of the writes, from the <c>HttpHandlerDiagnosticListener</c> events (the request
/// is handed over before it is sent).
/// </summary>
public sealed class StorageTraffic : IDisposable, IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>
{
    private readonly MeterListener listener = new();
    private readonly IDisposable allListeners;
    private readonly List<IDisposable> subscriptions = [];
    private readonly int port;
    private long reads;
    private long writes;
    private long failed;
    private long bytesWritten;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> writesByTable = new(StringComparer.Ordinal);

    /// <summary>Writes so far by method and table (<c>PUT OscpFleetGrainState</c>), for finding where writes come from.</summary>
    public IReadOnlyDictionary<string, long> WritesByTable => new Dictionary<string, long>(writesByTable, StringComparer.Ordinal);

    /// <summary>Starts counting the requests to <c>127.0.0.1:<paramref name="port"/></c>.</summary>
    public StorageTraffic(int port)
    {
        this.port = port;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>(OnRequest);
        listener.Start();
        allListeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    /// <summary>
    /// Waits until nothing was written to Azurite for a second and a half (follow-up work such as the sites' ticks
    /// unregistering their watch reminders comes about a second after delivery), at most 30 s; returns the counts and
    /// the <see cref="Stopwatch"/> timestamp of the last write. Reads never stop (the gateway reads the membership
    /// table every second), so they do not count here.
    /// </summary>
    public async Task<(StorageCount Count, long At)> SettleAsync()
    {
        var give = Stopwatch.StartNew();
        var last = Now;
        var lastChange = Stopwatch.GetTimestamp();
        while (give.Elapsed < TimeSpan.FromSeconds(30) && Stopwatch.GetElapsedTime(lastChange) < TimeSpan.FromSeconds(1.5))
        {
            await Task.Delay(100);
            var now = Now;
            if (now.Writes != last.Writes)
            {
                last = now;
                lastChange = Stopwatch.GetTimestamp();
            }
        }
        return (last, lastChange);
    }

    /// <summary>The counts so far.</summary>
    public StorageCount Now => new(Interlocked.Read(ref reads), Interlocked.Read(ref writes), Interlocked.Read(ref failed), Interlocked.Read(ref bytesWritten));

    void IObserver<DiagnosticListener>.OnNext(DiagnosticListener value)
    {
        if (value.Name != "HttpHandlerDiagnosticListener") return;
        lock (subscriptions) subscriptions.Add(value.Subscribe(this));
    }

    void IObserver<KeyValuePair<string, object?>>.OnNext(KeyValuePair<string, object?> value)
    {
        // "System.Net.Http.Request" carries the request (a property named Request) just before it goes out.
        if (value.Key != "System.Net.Http.Request" || value.Value is null) return;
        if (value.Value.GetType().GetProperty("Request")?.GetValue(value.Value) is not HttpRequestMessage request) return;
        if (request.RequestUri?.Port != port || request.Method == HttpMethod.Get) return;
        if (request.Content?.Headers.ContentLength is { } length) Interlocked.Add(ref bytesWritten, length);
        // /devstoreaccount1/<table>(PartitionKey=…) or /devstoreaccount1/$batch: the table (or batch) the write went to.
        var segments = request.RequestUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var table = segments.Length > 1 ? segments[1].Split('(')[0] : "?";
        writesByTable.AddOrUpdate($"{request.Method.Method} {table}", 1, (_, n) => n + 1);
    }

    void IObserver<DiagnosticListener>.OnCompleted()
    {
    }

    void IObserver<DiagnosticListener>.OnError(Exception error)
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnCompleted()
    {
    }

    void IObserver<KeyValuePair<string, object?>>.OnError(Exception error)
    {
    }

    private void OnRequest(Instrument instrument, double seconds, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        string? method = null;
        int? serverPort = null;
        int? status = null;
        foreach (var tag in tags)
        {
            switch (tag.Key)
            {
                case "http.request.method": method = tag.Value as string; break;
                case "server.port": serverPort = tag.Value is int p ? p : null; break;
                case "http.response.status_code": status = tag.Value is int s ? s : null; break;
            }
        }
        if (serverPort != port) return;
        if (method == "GET") Interlocked.Increment(ref reads);
        else Interlocked.Increment(ref writes);
        if (status is null or >= 500) Interlocked.Increment(ref failed);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        listener.Dispose();
        allListeners.Dispose();
        lock (subscriptions) subscriptions.ForEach(s => s.Dispose());
    }
}

/// <summary>Requests to Azurite: reads (GET), writes (anything else), those that failed (no answer or 5xx), and the bytes the writes carried.</summary>
public readonly record struct StorageCount(long Reads, long Writes, long Failed, long BytesWritten)
{
    /// <summary>What happened between <paramref name="start"/> and <paramref name="end"/>.</summary>
    public static StorageCount operator -(StorageCount end, StorageCount start) =>
        new(end.Reads - start.Reads, end.Writes - start.Writes, end.Failed - start.Failed, end.BytesWritten - start.BytesWritten);
}
