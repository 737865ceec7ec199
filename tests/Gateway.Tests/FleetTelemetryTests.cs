using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OscpFleet.Hosting;

namespace OscpFleet.Gateway.Tests;

/// <summary>The shared hosting's telemetry: log format by environment and configuration, trace ids in JSON logs, resource attributes.</summary>
public sealed class FleetTelemetryTests
{
    [Theory]
    [InlineData("Production", null, "json")]
    [InlineData("Staging", null, "json")]
    [InlineData("Development", null, "simple")]
    [InlineData("Production", "simple", "simple")]
    [InlineData("Development", "json", "json")]
    public void The_console_log_format_is_json_except_in_Development_unless_configured(string environment, string? configured, string expected)
    {
        using var app = Build(environment, configured, out _);
        Assert.Equal(expected, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public void A_JSON_log_line_carries_a_UTC_timestamp_and_the_trace_and_span_ids_of_the_current_activity()
    {
        using var app = Build("Production", null, out var scopes);
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("OscpFleet.Test"); // hands the scope provider out
        using var activity = new Activity("forecast").Start();
        using var line = new StringWriter();

        formatter.Write(new LogEntry<string>(LogLevel.Warning, "OscpFleet.Test", new EventId(7), "limit version 3", null, (s, _) => s),
            scopes.Provider, line);

        using var json = JsonDocument.Parse(line.ToString());
        var root = json.RootElement;
        Assert.Equal("limit version 3", root.GetProperty("Message").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z $", root.GetProperty("Timestamp").GetString());
        var scope = Assert.Single(root.GetProperty("Scopes").EnumerateArray(), s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("TraceId", out _));
        Assert.Equal(activity.TraceId.ToHexString(), scope.GetProperty("TraceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), scope.GetProperty("SpanId").GetString());
    }

    [Fact]
    public void The_resource_names_the_service_version_and_the_pod_from_the_downward_API()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["POD_NAME"] = "oscpfleet-silo-7d9f-x2",
            ["POD_NAMESPACE"] = "grid",
            ["NODE_NAME"] = "node-a",
        }).Build();

        var attributes = FleetTelemetry.ConfigureResource(ResourceBuilder.CreateEmpty(), configuration, "oscpfleet-silo").Build()
            .Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal("oscpfleet-silo", attributes["service.name"]);
        Assert.Equal("oscpfleet-silo-7d9f-x2", attributes["service.instance.id"]);
        Assert.Equal(FleetTelemetry.ServiceVersion, attributes["service.version"]);
        Assert.Matches(@"^\d+\.\d+\.\d+", FleetTelemetry.ServiceVersion);
        Assert.Equal("oscpfleet-silo-7d9f-x2", attributes["k8s.pod.name"]);
        Assert.Equal("grid", attributes["k8s.namespace.name"]);
        Assert.Equal("node-a", attributes["k8s.node.name"]);
        Assert.False(attributes.ContainsKey("k8s.pod.uid"));
    }

    [Fact]
    public void Outside_a_pod_the_instance_is_the_host_and_process_and_no_k8s_attribute_is_set()
    {
        var attributes = FleetTelemetry.ConfigureResource(ResourceBuilder.CreateEmpty(), new ConfigurationBuilder().Build(), "oscpfleet-gateway").Build()
            .Attributes.ToDictionary(a => a.Key, a => a.Value);

        Assert.Equal($"{Environment.MachineName}-{Environment.ProcessId}", attributes["service.instance.id"]);
        Assert.DoesNotContain(attributes.Keys, k => k.StartsWith("k8s.", StringComparison.Ordinal));
    }

    private static WebApplication Build(string environment, string? formatter, out ScopeCapture scopes)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, ContentRootPath = AppContext.BaseDirectory });
        // Over the gateway's appsettings files (copied beside the tests), as an operator's setting would be.
        builder.Configuration.AddInMemoryCollection(formatter is null ? [] : new Dictionary<string, string?> { ["Logging:Console:FormatterName"] = formatter });
        builder.AddFleetLogging();
        scopes = new ScopeCapture();
        builder.Logging.AddProvider(scopes);
        return builder.Build();
    }

    /// <summary>Receives the logger factory's scope provider, the one that adds the current activity's ids.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        public IExternalScopeProvider Provider { get; private set; } = new LoggerExternalScopeProvider();

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Provider = scopeProvider;

        public ILogger CreateLogger(string categoryName) => NullLogger.Instance;

        public void Dispose()
        {
        }
    }
}
