using System.Diagnostics;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// Domain spans of a limit's path (activity source <c>OscpFleet.Limits</c>), so that one forecast is one trace:
/// the gateway's receipt → <c>limit.version</c> (the site issued a version) → <c>limit.webhook</c> (each POST to the
/// CSMS) → <c>limit.applied</c> (the CSMS's confirmation). The later spans happen after asynchronous hops (a retry
/// timer, another HTTP request), so the version's context is kept in memory by the site and the later spans are its
/// children, the applied span also linking the request that confirmed it. Nothing is stored: after a restart or a
/// move to another silo the later spans start traces of their own. Without a listener nothing is allocated.
/// </summary>
public static class LimitTracing
{
    /// <summary>Activity source name.</summary>
    public const string SourceName = "OscpFleet.Limits";

    /// <summary>How many versions' contexts a site keeps (the newest).</summary>
    public const int KeptContexts = 4;

    /// <summary>The source.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Span of a version issued, a child of the current activity (the forecast's receipt); null when nobody listens.</summary>
    public static ActivityContext? VersionIssued(string groupId, long version, string reason)
    {
        using var activity = Source.StartActivity("limit.version", ActivityKind.Internal);
        if (activity is null) return null;
        activity.SetTag("oscpfleet.group_id", groupId);
        activity.SetTag("oscpfleet.limit.version", version);
        activity.SetTag("oscpfleet.limit.reason", reason);
        return activity.Context;
    }

    /// <summary>Starts the span of one webhook POST under its version (null when nobody listens).</summary>
    public static Activity? StartWebhook(ActivityContext? version, string groupId, long limitVersion, string csms)
    {
        var activity = Source.StartActivity("limit.webhook", ActivityKind.Internal, version ?? default);
        activity?.SetTag("oscpfleet.group_id", groupId);
        activity?.SetTag("oscpfleet.limit.version", limitVersion);
        activity?.SetTag("oscpfleet.csms", csms);
        return activity;
    }

    /// <summary>Span of the CSMS confirming a version applied: a child of the version, linked to the confirming request.</summary>
    public static void Applied(ActivityContext? version, string groupId, long limitVersion, TimeSpan receiptToApplied)
    {
        if (!Source.HasListeners()) return;
        var caller = Activity.Current?.Context;
        ActivityLink[]? links = caller is { } c && c != default ? [new ActivityLink(c)] : null;
        using var activity = version is { } parent
            ? Source.StartActivity("limit.applied", ActivityKind.Internal, parent, links: links)
            : Source.StartActivity("limit.applied", ActivityKind.Internal, caller ?? default);
        activity?.SetTag("oscpfleet.group_id", groupId);
        activity?.SetTag("oscpfleet.limit.version", limitVersion);
        activity?.SetTag("oscpfleet.limit.receipt_to_applied_s", receiptToApplied.TotalSeconds);
    }

    /// <summary>Remembers a version's context, keeping the newest <see cref="KeptContexts"/>.</summary>
    public static void Remember(Dictionary<long, ActivityContext> contexts, long version, ActivityContext? context)
    {
        if (context is not { } c) return;
        contexts[version] = c;
        if (contexts.Count > KeptContexts) contexts.Remove(contexts.Keys.Min());
    }

    /// <summary>The remembered context of a version, if any.</summary>
    public static ActivityContext? Recall(Dictionary<long, ActivityContext> contexts, long version) =>
        contexts.TryGetValue(version, out var c) ? c : null;
}
