using System.Threading.Channels;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>A report-back of a limit webhook (<c>ISiteCallbacks.DeliveryFinishedAsync</c>) as the site received it.</summary>
/// <param name="Version">The version the webhook carried.</param>
/// <param name="Delivered">Whether the CSMS accepted it.</param>
/// <param name="Injected">True when this filter failed the call instead of letting the site handle it.</param>
public sealed record ReportBack(long Version, bool Delivered, bool Injected);

/// <summary>
/// Watches the site's report-backs of its webhooks on the silo: fails the next ones of a site on request (the call
/// throws before the grain sees it, as a lost message or a failing silo would), and signals each one, handled or failed.
/// Loses an outbox send's report-back on request, and signals it. Also signals each peer-link notice a site handled (a one-way call: the test cannot await it otherwise).
/// </summary>
public sealed class SiteCallFilter : IIncomingGrainCallFilter
{
    private const string ReportBackMethod = "DeliveryFinishedAsync";
    private const string PeerLinkMethod = "PeerLinkChangedAsync";
    private const string OutboxReportBackMethod = "OutboxSendFinishedAsync";
    private const string WakeMethod = "WakeAsync";
    private readonly Lock gate = new();
    private WakeHold? wakeHold;
    private readonly Dictionary<string, Site> sites = new(StringComparer.Ordinal);

    /// <summary>Fails the next <paramref name="count"/> report-backs of <paramref name="groupId"/>.</summary>
    public void FailNext(string groupId, int count)
    {
        lock (gate) SiteOf(groupId).FailuresLeft += count;
    }

    /// <summary>Loses the next report-back of an outbox send of <paramref name="groupId"/> (<c>ISiteCallbacks.OutboxSendFinishedAsync</c>).</summary>
    public void LoseNextOutboxReportBack(string groupId)
    {
        lock (gate) SiteOf(groupId).OutboxLossesLeft++;
    }

    /// <summary>Completes with the message id when a report-back of an outbox send of <paramref name="groupId"/> was lost here.</summary>
    public Task<long> NextOutboxReportBackLostAsync(string groupId, TimeSpan timeout)
    {
        ChannelReader<long> reader;
        lock (gate) reader = SiteOf(groupId).OutboxLost.Reader;
        return ChannelWait.NextAsync(reader, timeout, () => $"no outbox report-back of {groupId} was lost");
    }

    /// <summary>Completes with the message id when the site handled the next report-back of one of its outbox sends.</summary>
    public Task<long> NextOutboxReportBackHandledAsync(string groupId, TimeSpan timeout)
    {
        ChannelReader<long> reader;
        lock (gate) reader = SiteOf(groupId).OutboxHandled.Reader;
        return ChannelWait.NextAsync(reader, timeout, () => $"no outbox report-back of {groupId} was handled");
    }

    /// <summary>The next report-back of <paramref name="groupId"/> that completed (handled by the site or failed here).</summary>
    public Task<ReportBack> NextAsync(string groupId, TimeSpan timeout)
    {
        ChannelReader<ReportBack> reader;
        lock (gate) reader = SiteOf(groupId).Completed.Reader;
        return ChannelWait.NextAsync(reader, timeout, () => $"no report-back of {groupId}");
    }

    /// <summary>Takes report-backs of <paramref name="groupId"/> until the site handled one for <paramref name="version"/>.</summary>
    public async Task<ReportBack> NextHandledAsync(string groupId, long version, TimeSpan timeout)
    {
        while (true)
        {
            var reportBack = await NextAsync(groupId, timeout);
            if (!reportBack.Injected && reportBack.Version == version) return reportBack;
        }
    }

    /// <summary>The next peer-link notice <paramref name="groupId"/> finished handling.</summary>
    public Task<PeerLink> NextPeerLinkHandledAsync(string groupId, TimeSpan timeout)
    {
        ChannelReader<PeerLink> reader;
        lock (gate) reader = SiteOf(groupId).PeerLinks.Reader;
        return ChannelWait.NextAsync(reader, timeout, () => $"no peer-link notice handled by {groupId}");
    }

    /// <summary>
    /// Holds every site's <c>WakeAsync</c> on the silo until the returned hold releases it (disposing it releases all and
    /// stops holding).
    /// </summary>
    public WakeHold HoldWakes()
    {
        var hold = new WakeHold(() => { lock (gate) wakeHold = null; });
        lock (gate) wakeHold = hold;
        return hold;
    }

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        var method = context.InterfaceMethod?.Name;
        WakeHold? hold;
        lock (gate) hold = wakeHold;
        if (method == WakeMethod && context.InterfaceMethod?.DeclaringType == typeof(ISiteGrain) && hold is not null)
        {
            await hold.PassAsync(context.TargetId.Key.ToString()!, context.Invoke);
            return;
        }
        if (method == PeerLinkMethod)
        {
            await context.Invoke();
            var link = (PeerLink)context.Request.GetArgument(0)!;
            lock (gate) SiteOf(context.TargetId.Key.ToString()!).PeerLinks.Writer.TryWrite(link);
            return;
        }
        if (method == OutboxReportBackMethod)
        {
            var outboxGroup = context.TargetId.Key.ToString()!;
            var messageId = (long)context.Request.GetArgument(0)!;
            Site target;
            bool lose;
            lock (gate)
            {
                target = SiteOf(outboxGroup);
                lose = target.OutboxLossesLeft > 0;
                if (lose) target.OutboxLossesLeft--;
            }
            if (lose)
            {
                target.OutboxLost.Writer.TryWrite(messageId);
                throw new InvalidOperationException($"injected fault: report-back of outbox message {messageId} of {outboxGroup} lost");
            }
            await context.Invoke();
            target.OutboxHandled.Writer.TryWrite(messageId);
            return;
        }
        if (method != ReportBackMethod)
        {
            await context.Invoke();
            return;
        }
        var groupId = context.TargetId.Key.ToString()!;
        var version = (long)context.Request.GetArgument(0)!;
        var delivered = (bool)context.Request.GetArgument(1)!;
        Site site;
        bool fail;
        lock (gate)
        {
            site = SiteOf(groupId);
            fail = site.FailuresLeft > 0;
            if (fail) site.FailuresLeft--;
        }
        if (fail)
        {
            site.Completed.Writer.TryWrite(new ReportBack(version, delivered, Injected: true));
            throw new InvalidOperationException($"injected fault: report-back of version {version} of {groupId} lost");
        }
        await context.Invoke();
        site.Completed.Writer.TryWrite(new ReportBack(version, delivered, Injected: false));
    }

    private Site SiteOf(string groupId)
    {
        if (!sites.TryGetValue(groupId, out var site)) sites[groupId] = site = new Site();
        return site;
    }

    private sealed class Site
    {
        public int FailuresLeft { get; set; }

        public int OutboxLossesLeft { get; set; }

        public Channel<long> OutboxLost { get; } = Channel.CreateUnbounded<long>();

        public Channel<long> OutboxHandled { get; } = Channel.CreateUnbounded<long>();

        public Channel<ReportBack> Completed { get; } = Channel.CreateUnbounded<ReportBack>();

        public Channel<PeerLink> PeerLinks { get; } = Channel.CreateUnbounded<PeerLink>();
    }
}

/// <summary>
/// Site wake-ups held on the silo (<see cref="SiteCallFilter.HoldWakes"/>): each arrival is signalled and waits until
/// released; how many were in the grain or waiting at once is recorded.
/// </summary>
public sealed class WakeHold : IDisposable
{
    private readonly Lock gate = new();
    private readonly Action stop;
    private readonly Queue<TaskCompletionSource> held = new();
    private readonly Channel<string> arrived = Channel.CreateUnbounded<string>();
    private readonly List<string> woken = [];
    private bool draining;
    private int inFlight;

    internal WakeHold(Action stop) => this.stop = stop;

    /// <summary>The most wake-ups in flight at once (arrived, not yet finished).</summary>
    public int MostInFlight { get; private set; }

    /// <summary>Every site woken so far, in order of arrival (a site twice if woken twice).</summary>
    public IReadOnlyList<string> Woken
    {
        get
        {
            lock (gate) return [.. woken];
        }
    }

    /// <summary>The group id of the next wake-up to arrive.</summary>
    public Task<string> NextArrivedAsync(TimeSpan timeout) =>
        ChannelWait.NextAsync(arrived.Reader, timeout, () => "no site wake-up arrived");

    /// <summary>Lets the longest-held wake-up through.</summary>
    public void ReleaseOne()
    {
        TaskCompletionSource? next;
        lock (gate) next = held.Count > 0 ? held.Dequeue() : null;
        (next ?? throw new InvalidOperationException("no wake-up is held")).SetResult();
    }

    /// <summary>Lets every held wake-up through, and every later one without holding it.</summary>
    public void Drain()
    {
        List<TaskCompletionSource> all;
        lock (gate)
        {
            draining = true;
            all = [.. held];
            held.Clear();
        }
        foreach (var call in all) call.SetResult();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        stop();
        Drain();
    }

    internal async Task PassAsync(string groupId, Func<Task> invoke)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            woken.Add(groupId);
            inFlight++;
            MostInFlight = Math.Max(MostInFlight, inFlight);
            if (draining) release.SetResult();
            else held.Enqueue(release);
        }
        arrived.Writer.TryWrite(groupId);
        try
        {
            await release.Task;
            await invoke();
        }
        finally
        {
            lock (gate) inFlight--;
        }
    }
}
