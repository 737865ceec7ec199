using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Telemetry of the limit path: one forecast is one trace (receipt → version → webhook → applied, the confirmation
/// linked), and the webhook and undelivered-version metrics by CSMS endpoint.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class LimitTelemetryTests(SiteCluster cluster)
{
    private static readonly TimeSpan Patience = SiteCluster.Patience;
    private static readonly ActivitySource Test = new("OscpFleet.Tests.Receipt");

    [Fact]
    public async Task One_forecast_is_one_trace_from_receipt_through_version_and_webhook_to_the_linked_applied_confirmation()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());
        await cluster.Calls.NextHandledAsync(groupId, onboarded.Version, Patience);

        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name.StartsWith("OscpFleet", StringComparison.Ordinal) || s.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        ActivityContext receipt;
        using (var root = Test.StartActivity("receipt")!)
        {
            receipt = root.Context;
            var start = Minute(cluster.Clock.GetUtcNow());
            Assert.Equal(ForecastOutcome.Accepted, await site.ReceiveForecastAsync(SiteCluster.PeerId, "req-trace",
                Forecast(groupId, CapacityForecastType.Consumption, Kw(35, start, start.AddHours(1)))));
        }
        var version = (await site.GetAsync())!.Version;
        Assert.Equal(onboarded.Version + 1, version);
        await cluster.Calls.NextHandledAsync(groupId, version, Patience);

        ActivityContext confirmation;
        using (var csmsRequest = Test.StartActivity("csms-confirms")!)
        {
            confirmation = csmsRequest.Context;
            Assert.Equal(AppliedOutcome.Recorded, await site.MarkAppliedAsync(version));
        }

        var ours = stopped.Where(a => a.Source.Name == LimitTracing.SourceName && (string?)a.GetTagItem("oscpfleet.group_id") == groupId
            && a.GetTagItem("oscpfleet.limit.version") is long v && v == version).ToList();
        var issued = Assert.Single(ours, a => a.OperationName == "limit.version");
        var webhook = Assert.Single(ours, a => a.OperationName == "limit.webhook");
        var applied = Assert.Single(ours, a => a.OperationName == "limit.applied");
        Assert.Equal(receipt.TraceId, issued.TraceId);
        Assert.Equal(receipt.TraceId, webhook.TraceId);
        Assert.Equal(issued.SpanId, webhook.ParentSpanId);
        Assert.Equal("delivered", webhook.GetTagItem("oscpfleet.webhook.outcome"));
        Assert.Equal(SiteCluster.CsmsEndpoint, webhook.GetTagItem("oscpfleet.csms"));
        Assert.Equal(receipt.TraceId, applied.TraceId);
        Assert.Equal(issued.SpanId, applied.ParentSpanId);
        var link = Assert.Single(applied.Links);
        // The link is the grain call that carried the confirmation, inside the CSMS request's trace.
        Assert.Equal(confirmation.TraceId, link.Context.TraceId);
        Assert.NotEqual(receipt.TraceId, link.Context.TraceId);
    }

    [Fact]
    public async Task A_failed_and_a_delivered_webhook_are_counted_by_endpoint_with_the_failure_reason()
    {
        var groupId = NewGroupId();
        var site = cluster.Site(groupId);
        cluster.Csms.Answer(groupId, HttpStatusCode.InternalServerError); // then 204
        var counted = new ConcurrentQueue<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name.StartsWith("oscpfleet.webhook.", StringComparison.Ordinal)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            counted.Enqueue((instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        listener.Start();

        var (_, onboarded) = await cluster.OnboardOnlineAsync(groupId, Definition());
        Assert.Equal(new ReportBack(onboarded.Version, false, Injected: false), await cluster.Calls.NextAsync(groupId, Patience));
        cluster.Clock.Advance(Oscp.Retry.Backoff.Webhook.Step(1));
        await site.TickAsync();
        await cluster.Calls.NextHandledAsync(groupId, onboarded.Version, Patience);

        // Other sites of the shared cluster may post to the same endpoint meanwhile: at least this site's two attempts.
        bool Is((string Name, long Value, Dictionary<string, object?> Tags) m, string name, string key, string value) =>
            m.Name == name && (string?)m.Tags["csms"] == SiteCluster.CsmsEndpoint && (string?)m.Tags[key] == value;
        Assert.True(counted.Where(m => Is(m, "oscpfleet.webhook.attempts", "outcome", "failed")).Sum(m => m.Value) >= 1);
        Assert.True(counted.Where(m => Is(m, "oscpfleet.webhook.attempts", "outcome", "delivered")).Sum(m => m.Value) >= 1);
        Assert.True(counted.Where(m => Is(m, "oscpfleet.webhook.failures", "reason", "http_5xx")).Sum(m => m.Value) >= 1);
        Assert.DoesNotContain(counted, m => m.Name == "oscpfleet.webhook.failures" && (string?)m.Tags["reason"] != "http_5xx");
    }
}
