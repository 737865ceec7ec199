using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using OscpFleet.Simulator.Cp;
using OscpFleet.Testing;

namespace OscpFleet.Integration.Observability;

/// <summary>
/// Every metric name a dashboard or alert queries is one a running gateway or silo exports on /metrics (after a little
/// traffic: a forecast delivered and applied, a refused token), in Prometheus' spelling (_total, _bucket, unit suffixes).
/// A few series only exist once the failure they count has happened; those are listed here, each with what makes it,
/// and must at least be instruments the processes publish.
/// </summary>
public sealed class MetricNameTests(DoeCluster cluster) : IClassFixture<DoeCluster>
{
    private const string Site = "BUS_AUK_1";

    /// <summary>Series that appear only with the failure or the event they count (and what that is).</summary>
    private static readonly Dictionary<string, string> OnlyAfterTheirEvent = new(StringComparer.Ordinal)
    {
        ["oscpfleet_outbox_rejected_total"] = "a CP refusing an outbox message",
        ["oscpfleet_webhook_failures_total"] = "a failed limit webhook",
        ["orleans_storage_write_errors_total"] = "a failed grain state write",
        ["orleans_storage_read_errors_total"] = "a failed grain state read",
        ["oscpfleet_report_period_end_to_accepted_seconds_bucket"] = "a report the CP accepted (15-minute periods)",
        ["oscpfleet_compliance_errors_total"] = "a compliance error",
        ["oscpfleet_meter_glitches_total"] = "a meter register that went down",
        ["oscpfleet_meter_energy_dropped_Wh_total"] = "energy above the plausibility cap",
        ["oscpfleet_reports_periods_closed_total"] = "a closed measurement period",
        ["oscpfleet_meter_samples_total"] = "a meter value",
        ["oscpfleet_outbox_sent_total"] = "a report the CP accepted",
    };

    /// <summary>Series of other exporters the rules compare with (kube-state-metrics).</summary>
    private static readonly HashSet<string> External = new(StringComparer.Ordinal) { "kube_deployment_spec_replicas" };

    [Fact]
    public async Task Every_metric_name_in_the_dashboards_and_rules_is_exported_by_the_running_gateway_or_silo()
    {
        var published = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                foreach (var name in PrometheusNames(instrument)) published.TryAdd(name, 0);
            },
        };
        listener.Start();

        // Traffic: a forecast pushed to the CSMS and applied, and a refused token request.
        var before = cluster.LastWebhook();
        Assert.Equal(204, Assert.Single(await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = 110 })).StatusCode);
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > before && w.GroupId == Site && w.Reason == "forecast", VectorPeerCluster.Timeout);
        await cluster.Csms.WaitForAppliedAsync(Site, webhook.Version!.Value, VectorPeerCluster.Timeout);
        using (var refused = await cluster.Gateway.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "csms_main",
            ["client_secret"] = "not-the-secret",
        })))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        var exported = new HashSet<string>(StringComparer.Ordinal);
        exported.UnionWith(SeriesNames(await cluster.Gateway.Http.GetStringAsync("/metrics")));
        using var silo = new HttpClient { BaseAddress = new Uri(cluster.Silos[0].Urls.First()) };
        var siloMetrics = await silo.GetStringAsync("/metrics");
        exported.UnionWith(SeriesNames(siloMetrics));
        // Cluster-wide site counts come from the registry: every shard reports (the silo asks all of them at start), and
        // the registered sites are counted whatever silo they are active on.
        Assert.Matches("(?m)^oscpfleet_registry_shards(\\{[^}]*\\})? 32( |$)", siloMetrics);
        var registered = System.Text.RegularExpressions.Regex.Matches(siloMetrics, "(?m)^oscpfleet_sites\\{[^}]*\\} (\\d+)")
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(DoeCluster.Sites.Length, registered);
        // Buckets fit for 10 ms … 300 s: sub-second latencies and the 120 s rule are readable.
        foreach (var le in new[] { "0.01", "0.1", "120", "300" })
            Assert.Matches($"oscpfleet_limit_receipt_to_applied_seconds_bucket\\{{[^}}]*le=\"{le}\"", siloMetrics);

        var used = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Use(string name, string where)
        {
            if (!used.TryGetValue(name, out var places)) used[name] = places = new SortedSet<string>(StringComparer.Ordinal);
            places.Add(where);
        }
        foreach (var file in ObservabilityAssets.RuleFiles)
            foreach (var (alert, expr, _) in ObservabilityAssets.Alerts(file))
                foreach (var name in ObservabilityAssets.MetricNames(expr)) Use(name, $"alert {alert}");
        foreach (var file in ObservabilityAssets.Dashboards)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in DashboardTests.Panels(json.RootElement.GetProperty("panels")))
                foreach (var target in panel.GetProperty("targets").EnumerateArray())
                    foreach (var name in ObservabilityAssets.MetricNames(target.GetProperty("expr").GetString()!))
                        Use(name, $"{Path.GetFileName(file)}: {panel.GetProperty("title").GetString()}");
        }
        Assert.True(used.Count >= 30, $"only {used.Count} metric names found in the dashboards and rules");

        var problems = new List<string>();
        foreach (var (name, places) in used)
        {
            if (exported.Contains(name) || External.Contains(name)) continue;
            if (OnlyAfterTheirEvent.ContainsKey(name) && published.ContainsKey(name)) continue;
            problems.Add($"{name} (used by {string.Join("; ", places)}) is not on /metrics{(OnlyAfterTheirEvent.ContainsKey(name) ? " nor a published instrument" : "")}");
        }
        Assert.True(problems.Count == 0,
            string.Join("\n", problems) + "\n\nexported:\n" + string.Join("\n", exported.Order(StringComparer.Ordinal)));
        // The exemptions stay honest: each one is used somewhere.
        Assert.All(OnlyAfterTheirEvent.Keys, name => Assert.True(used.ContainsKey(name), $"{name} is exempted but used nowhere"));
    }

    /// <summary>Metric names of a Prometheus text exposition (sample lines, not comments).</summary>
    private static IEnumerable<string> SeriesNames(string exposition) =>
        exposition.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l[..l.IndexOfAny(['{', ' '])]);

    /// <summary>The names the OpenTelemetry Prometheus exporter gives an instrument's series.</summary>
    private static IEnumerable<string> PrometheusNames(Instrument instrument)
    {
        var name = new string([.. instrument.Name.Select(c => char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_')]);
        var unit = instrument.Unit switch
        {
            null or "" => null,
            "s" => "seconds",
            "ms" => "milliseconds",
            "By" => "bytes",
            var u when u.StartsWith('{') => null,
            var u => u,
        };
        if (unit is not null && !name.EndsWith("_" + unit, StringComparison.Ordinal)) name += "_" + unit;
        var type = instrument.GetType();
        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        if (generic == typeof(Counter<>) || generic == typeof(ObservableCounter<>)) return [name + "_total"];
        if (generic == typeof(Histogram<>)) return [name + "_bucket", name + "_sum", name + "_count"];
        return [name];
    }
}
