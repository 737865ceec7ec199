using System.Diagnostics;
using OscpFleet.Oscp.Wire;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// When the CP simulator accepted each site's <c>update_asset_measurements</c> for one period, on the wall clock.
/// One <see cref="CpSimulator.WaitForReceivedAsync"/> waiter, registered before the trigger, sees every record the
/// moment the simulator adds it (once its 204 has been written): its match takes the timestamp there, rather than when
/// a continuation gets a thread, and completes the wait on the last site's report. The simulator's own
/// <see cref="ReceivedMessage.AnsweredAt"/> is on the harness's fake clock and useless for latency.
/// </summary>
internal sealed class ReportStamps
{
    private readonly Dictionary<string, int> index;
    private readonly long[] accepted;
    private readonly long mark;
    private readonly DateTimeOffset periodStart;
    private readonly Task wait;
    private int count;

    /// <summary>
    /// Starts watching for the accepted report of the period starting at <paramref name="periodStart"/> of each of
    /// <paramref name="groupIds"/>, among the records after <paramref name="mark"/> (a sequence number of the simulator).
    /// </summary>
    public ReportStamps(CpSimulator simulator, IReadOnlyList<string> groupIds, DateTimeOffset periodStart, long mark, TimeSpan timeout)
    {
        index = groupIds.Select((g, i) => (g, i)).ToDictionary(x => x.g, x => x.i, StringComparer.Ordinal);
        accepted = new long[groupIds.Count];
        this.mark = mark;
        this.periodStart = periodStart;
        // Runs under the record log's lock, one record at a time: no other synchronisation needed until the wait ends.
        wait = simulator.WaitForReceivedAsync(Accept, timeout);
    }

    /// <summary>The highest sequence number the simulator has recorded so far: watch for what comes after it.</summary>
    public static long Mark(CpSimulator simulator) => simulator.Received().Select(m => Math.Max(m.Sequence, m.AnsweredSequence)).DefaultIfEmpty(0).Max();

    /// <summary>Waits until every site's report was accepted, or the timeout passed; the number still missing.</summary>
    public async Task<int> WaitAsync()
    {
        try
        {
            await wait;
        }
        catch (TimeoutException)
        {
            // Counted below.
        }
        return Enumerable.Range(0, accepted.Length).Count(i => AcceptedAt(i) is null);
    }

    /// <summary>The Stopwatch timestamp at which site <paramref name="i"/>'s report was accepted; null if it never was.</summary>
    public long? AcceptedAt(int i) => Volatile.Read(ref accepted[i]) is var t and > 0 ? t : null;

    /// <summary>Every accepted report's timestamp.</summary>
    public IEnumerable<long> All => Enumerable.Range(0, accepted.Length).Select(AcceptedAt).OfType<long>();

    private bool Accept(ReceivedMessage record)
    {
        if (record.Sequence <= mark || record.Kind != OscpMessageKind.UpdateAssetMeasurements || record.Message is not UpdateAssetMeasurements report) return false;
        if (!index.TryGetValue(report.GroupId, out var i) || accepted[i] != 0) return false;
        if (report.Measurements is not [{ EnergyMeasurement.InitialMeasureTime: { } start }, ..] || start != periodStart) return false;
        Volatile.Write(ref accepted[i], Stopwatch.GetTimestamp());
        return ++count == accepted.Length;
    }
}
