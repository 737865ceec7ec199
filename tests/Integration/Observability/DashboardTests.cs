using System.Text.Json;

namespace OscpFleet.Integration.Observability;

/// <summary>The Grafana dashboards are valid JSON a Grafana can import: identity, a datasource variable, and panels that all query.</summary>
public sealed class DashboardTests
{
    [Fact]
    public void The_five_dashboards_are_there()
    {
        Assert.Equal(
            ["doe-delivery.json", "fleet-overview.json", "metering-reports.json", "orleans-cluster.json", "peer-connections.json"],
            ObservabilityAssets.Dashboards.Select(Path.GetFileName));
    }

    [Fact]
    public void Every_dashboard_has_a_unique_uid_a_title_a_datasource_variable_and_panels_that_each_have_a_datasource_and_a_query()
    {
        var uids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in ObservabilityAssets.Dashboards)
        {
            var name = Path.GetFileName(file);
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            var root = json.RootElement;
            Assert.True(uids.Add(Text(root, "uid", name)), $"{name}: uid repeated");
            Text(root, "title", name);
            Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36, $"{name}: schemaVersion");
            var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
            Assert.Contains(variables, v => v.GetProperty("type").GetString() == "datasource" && v.GetProperty("query").GetString() == "prometheus"
                && v.GetProperty("name").GetString() == "datasource");

            var panels = Panels(root.GetProperty("panels")).ToList();
            Assert.True(panels.Count >= 4, $"{name}: only {panels.Count} panels");
            var ids = new HashSet<int>();
            foreach (var panel in panels)
            {
                var title = Text(panel, "title", name);
                Assert.True(ids.Add(panel.GetProperty("id").GetInt32()), $"{name}/{title}: panel id repeated");
                Text(panel, "type", $"{name}/{title}");
                var position = panel.GetProperty("gridPos");
                Assert.True(position.GetProperty("w").GetInt32() > 0 && position.GetProperty("h").GetInt32() > 0, $"{name}/{title}: gridPos");
                Assert.Equal("${datasource}", panel.GetProperty("datasource").GetProperty("uid").GetString());
                Assert.Equal("prometheus", panel.GetProperty("datasource").GetProperty("type").GetString());
                var targets = panel.GetProperty("targets").EnumerateArray().ToList();
                Assert.True(targets.Count > 0, $"{name}/{title}: no target");
                foreach (var target in targets)
                {
                    Assert.False(string.IsNullOrWhiteSpace(target.GetProperty("expr").GetString()), $"{name}/{title}: empty query");
                    Text(target, "refId", $"{name}/{title}");
                    Assert.NotEmpty(ObservabilityAssets.MetricNames(target.GetProperty("expr").GetString()!));
                }
            }
        }
    }

    /// <summary>Every panel, rows' nested panels included (rows themselves carry no query).</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement panels)
    {
        foreach (var panel in panels.EnumerateArray())
        {
            if (panel.GetProperty("type").GetString() == "row")
            {
                if (panel.TryGetProperty("panels", out var nested)) foreach (var p in Panels(nested)) yield return p;
                continue;
            }
            yield return panel;
        }
    }

    private static string Text(JsonElement element, string property, string where)
    {
        Assert.True(element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && value.GetString()!.Length > 0,
            $"{where}: no {property}");
        return value.GetString()!;
    }
}
