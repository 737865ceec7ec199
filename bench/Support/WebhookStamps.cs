using System.Diagnostics;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Bench;

/// <summary>
/// When the CSMS simulator accepted each site's forecast webhook, on the wall clock. One
/// <see cref="CsmsSimulator.WaitForWebhookAsync"/> for all sites, registered before the burst; its match is evaluated
/// inside the simulator's record log the moment the webhook is recorded (just before the CSMS answers it), so the
/// timestamp is taken there rather than when a continuation gets a thread. (One waiter per site made each webhook
/// visit every site's waiter: at 10,000 sites the measuring cost more than the measured.) The simulator's own
/// <see cref="ReceivedWebhook.ReceivedAt"/> is on the harness's fake clock and useless for latency.
/// </summary>
public sealed class WebhookStamps : IDisposable
{
    private readonly long[] accepted;
    private readonly long[] versions;
    private readonly Task wait;
    private readonly CancellationTokenSource stop = new();

    /// <summary>Starts watching for a forecast webhook newer than <paramref name="after"/>[i] for each of <paramref name="groupIds"/>.</summary>
    public WebhookStamps(CsmsSimulator csms, IReadOnlyList<string> groupIds, IReadOnlyList<long> after)
    {
        accepted = new long[groupIds.Count];
        versions = new long[groupIds.Count];
        var indexOf = new Dictionary<string, int>(groupIds.Count, StringComparer.Ordinal);
        for (var i = 0; i < groupIds.Count; i++) indexOf.Add(groupIds[i], i);
        var missing = groupIds.Count;
        // The record log calls the match under its lock, one webhook at a time: no two calls race on missing.
        wait = missing == 0 ? Task.CompletedTask : csms.WaitForWebhookAsync(webhook =>
        {
            if (webhook.GroupId is null || !indexOf.TryGetValue(webhook.GroupId, out var index) || accepted[index] > 0
                || webhook.Outcome != WebhookOutcome.Applied || webhook.Reason != "forecast" || webhook.Version <= after[index]) return false;
            versions[index] = webhook.Version ?? 0;
            Volatile.Write(ref accepted[index], Stopwatch.GetTimestamp());
            return --missing == 0;
        }, Timeout.InfiniteTimeSpan, stop.Token);
    }

    /// <summary>Waits until every site's webhook was accepted, or <paramref name="timeout"/> passed; the number still missing.</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        stop.CancelAfter(timeout);
        try
        {
            await wait;
        }
        catch (OperationCanceledException)
        {
            // Counted below.
        }
        return accepted.Count(t => t == 0);
    }

    /// <summary>The Stopwatch timestamp at which site <paramref name="index"/>'s webhook was accepted; null if it never was.</summary>
    public long? AcceptedAt(int index) => Volatile.Read(ref accepted[index]) is var t and > 0 ? t : null;

    /// <summary>The version site <paramref name="index"/>'s webhook carried; null if it never came.</summary>
    public long? Version(int index) => AcceptedAt(index) is null ? null : versions[index];

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
    }
}
