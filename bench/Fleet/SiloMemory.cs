using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using OscpFleet.Testing;

namespace OscpFleet.Bench.Fleet;

/// <summary>
/// A silo process's managed heap after a full, blocking collection. The collection is asked for through the runtime's
/// diagnostic port (an EventPipe session with the runtime provider's <c>GCHeapCollect</c> keyword, as <c>dotnet-gcdump</c>
/// does): no product code is involved. The heap is read from the silo's own <c>/metrics</c> (the runtime's
/// <c>dotnet.gc.last_collection.heap.size</c>, every generation and the large/pinned object heaps), from the first
/// scrape whose gen2 collection count is past the one before the request.
/// </summary>
internal static class SiloMemory
{
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>Bytes of managed heap in <paramref name="silo"/> after a full collection.</summary>
    public static async Task<long> HeapAfterFullCollectionAsync(ProductProcess silo, TimeSpan timeout)
    {
        using var http = silo.Http();
        var before = Read(await http.GetStringAsync("/metrics"));
        var client = new DiagnosticsClient(silo.Id);
        using var session = client.StartEventPipeSession(
            new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcHeapCollectKeyword), requestRundown: false);
        // The session's events are not needed, but its stream must be drained for the runtime to go on writing.
        var drain = Task.Run(() => session.EventStream.CopyToAsync(Stream.Null));
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (true)
            {
                var now = Read(await http.GetStringAsync("/metrics"));
                if (now.Gen2Collections > before.Gen2Collections) return now.HeapBytes;
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"{silo.Name}: no full collection within {timeout} of asking for one");
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
        finally
        {
            session.Stop();
            await drain.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    /// <summary>The heap size after the last collection (every generation) and the gen2 collections so far, from a scrape.</summary>
    public static (long HeapBytes, long Gen2Collections) Read(string metrics)
    {
        long heap = 0, gen2 = 0;
        foreach (var line in metrics.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
                heap += (long)Value(line);
            else if (line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && line.Contains("gen2", StringComparison.Ordinal))
                gen2 += (long)Value(line);
        }
        return (heap, gen2);
    }

    private static double Value(string line) =>
        double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
