using System.Collections.Concurrent;
using System.Diagnostics;
using OscpFleet.Grains.Sites;
using OscpFleet.Simulator.Cp;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Observability;

/// <summary>
/// On the real processes (gateway, silo, simulators over HTTP): the CP's forecast request, the gateway's handling of it,
/// the version the site issues, the webhook to the CSMS and the CSMS's applied confirmation are one trace.
/// </summary>
public sealed class ForecastTraceTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private const string Site = "BUS_AUK_2";

    [Fact]
    public async Task A_forecast_received_by_the_gateway_is_one_trace_through_version_webhook_and_applied()
    {
        var stopped = new ConcurrentQueue<Activity>();
        var waits = new ConcurrentQueue<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Done)>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is "Microsoft.AspNetCore" or "System.Net.Http" || s.Name.StartsWith("OscpFleet", StringComparison.Ordinal)
                || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                stopped.Enqueue(a);
                foreach (var (match, done) in waits) if (match(a)) done.TrySetResult(a);
            },
        };
        ActivitySource.AddActivityListener(listener);

        var before = cluster.LastWebhook();
        var sent = Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 90 }));
        Assert.Equal(204, sent.StatusCode);
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Reason == "forecast", VectorPeerCluster.Timeout);
        var version = webhook.Version!.Value;
        await cluster.Csms.WaitForAppliedAsync(Site, version, VectorPeerCluster.Timeout);

        // Spans end just after the signals waited for above (the webhook's when the CSMS has answered): wait for each.
        Task<Activity> Stopped(Func<Activity, bool> match)
        {
            var done = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
            waits.Enqueue((match, done));
            foreach (var a in stopped) if (match(a)) done.TrySetResult(a);
            return done.Task.WaitAsync(VectorPeerCluster.Timeout);
        }
        var issued = await Stopped(a => Is(a, "limit.version", version));
        var delivered = await Stopped(a => Is(a, "limit.webhook", version));
        var applied = await Stopped(a => Is(a, "limit.applied", version));
        // The gateway's server span of the forecast request (ASP.NET Core's own activity) is in the version's trace.
        var receipt = Assert.Single(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server
            && Path(a) == "/oscp/fp/2.0/update_group_capacity_forecast" && a.TraceId == issued.TraceId);

        Assert.Equal(receipt.TraceId, delivered.TraceId);
        Assert.Equal(issued.SpanId, delivered.ParentSpanId);
        Assert.Equal("delivered", delivered.GetTagItem("oscpfleet.webhook.outcome"));
        Assert.Equal(receipt.TraceId, applied.TraceId);
        Assert.Equal(issued.SpanId, applied.ParentSpanId);
        // The confirmation came in its own request, which the span links. The CSMS simulator confirms while handling the
        // webhook and its HTTP client passes the trace context on, so here that request is in the same trace; a CSMS
        // that does not propagate it starts a trace of its own, and the link is what joins the two.
        var link = Assert.Single(applied.Links);
        Assert.NotEqual(issued.SpanId, link.Context.SpanId);
        Assert.Contains(stopped, a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == link.Context.TraceId
            && Path(a) == $"/api/v1/sites/{Site}/limits/{version}/applied");
    }

    private static bool Is(Activity activity, string name, long version) =>
        activity.Source.Name == LimitTracing.SourceName && activity.OperationName == name
            && (string?)activity.GetTagItem("oscpfleet.group_id") == Site && activity.GetTagItem("oscpfleet.limit.version") is long v && v == version;

    /// <summary>The request path the OpenTelemetry ASP.NET Core instrumentation tags a server span with.</summary>
    private static string? Path(Activity activity) => activity.GetTagItem("url.path") as string;
}
