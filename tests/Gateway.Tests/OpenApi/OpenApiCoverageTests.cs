using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.OpenApi;
using OscpFleet.Gateway.Api;
using OscpFleet.Gateway.OpenApi;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Outbox;
using OscpFleet.Oscp.Validation;

namespace OscpFleet.Gateway.Tests.OpenApi;

/// <summary>
/// The OpenAPI document against the gateway's real route table (<see cref="GatewayHost.Build"/>, not started): every
/// route is documented, with its security requirement, an error answer with a body, and the limits the code enforces.
/// </summary>
public sealed class OpenApiCoverageTests : IAsyncLifetime
{
    private WebApplication app = null!;
    private JsonNode document = null!;
    private IReadOnlyList<(string Method, string Path, RouteEndpoint Endpoint)> routes = [];

    public async Task InitializeAsync()
    {
        app = GatewayHost.Build(new WebApplicationOptions { EnvironmentName = "Testing" }, builder =>
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:TableConnectionString"] = "UseDevelopmentStorage=true" });
            builder.Logging.ClearProviders();
        });
        // What starting would do (without starting, which waits for a silo): hand the mapped routes to routing, where the
        // API explorer, and so the document, finds them.
        app.UseRouting();
        app.UseEndpoints(_ => { });
        var provider = app.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>(FleetOpenApi.DocumentName);
        var openApi = await provider.GetOpenApiDocumentAsync();
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        openApi.SerializeAsV31(new OpenApiJsonWriter(text));
        document = JsonNode.Parse(text.ToString())!;
        routes = [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => !IsExempt(e))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, PathOf(e), e)))];
    }

    public async Task DisposeAsync() => await app.DisposeAsync();

    [Fact]
    public void The_route_table_is_the_gateways()
    {
        // Guards the tests below against passing on an empty table.
        Assert.Contains(routes, r => r.Path == "/api/v1/sites:import");
        Assert.Contains(routes, r => r.Path == "/oscp/fp/2.0/update_group_capacity_forecast");
        Assert.Contains(routes, r => r.Path == "/readyz");
        Assert.True(routes.Count >= 25, $"{routes.Count} routes");
    }

    [Fact]
    public void Every_route_is_in_the_document()
    {
        var missing = routes.Where(r => Operation(r.Method, r.Path) is null).Select(r => $"{r.Method} {r.Path}").ToList();

        Assert.True(missing.Count == 0, "not documented: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_route_that_needs_credentials_names_its_security_scheme()
    {
        var problems = new List<string>();
        foreach (var (method, path, endpoint) in routes)
        {
            var protectedRoute = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any() && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
            var schemes = (Operation(method, path)?["security"]?.AsArray() ?? []).SelectMany(r => r!.AsObject().Select(p => p.Key)).ToHashSet();
            string[] expected = !protectedRoute ? []
                : path.StartsWith("/oscp/", StringComparison.Ordinal) ? [FleetOpenApi.BearerScheme, FleetOpenApi.OscpTokenScheme]
                : [FleetOpenApi.BearerScheme];
            if (!schemes.SetEquals(expected)) problems.Add($"{method} {path}: [{string.Join(", ", schemes)}], expected [{string.Join(", ", expected)}]");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal("bearer", (string?)document["components"]!["securitySchemes"]![FleetOpenApi.BearerScheme]!["scheme"]);
        Assert.Equal("Authorization", (string?)document["components"]!["securitySchemes"]![FleetOpenApi.OscpTokenScheme]!["name"]);
    }

    [Fact]
    public void Every_api_and_oscp_route_documents_a_success_and_an_error_with_its_body()
    {
        var problems = new List<string>();
        foreach (var (method, path, _) in routes.Where(r => r.Path.StartsWith("/api/", StringComparison.Ordinal) || r.Path.StartsWith("/oscp/", StringComparison.Ordinal) || r.Path == "/oauth/token"))
        {
            var responses = Operation(method, path)?["responses"]?.AsObject();
            if (responses is null)
            {
                problems.Add($"{method} {path}: no responses");
                continue;
            }
            if (!responses.Any(r => r.Key.StartsWith('2'))) problems.Add($"{method} {path}: no success answer");
            var errors = responses.Where(r => r.Key.StartsWith('4') || r.Key.StartsWith('5')).ToList();
            if (errors.Count == 0) problems.Add($"{method} {path}: no error answer");
            foreach (var (status, response) in errors.Where(e => e.Value?["content"] is null)) problems.Add($"{method} {path}: {status} has no body");
            var errorType = path.StartsWith("/api/", StringComparison.Ordinal) ? "application/problem+json" : "application/json";
            if (errors.Count > 0 && !errors.Any(e => e.Value?["content"]?[errorType] is not null)) problems.Add($"{method} {path}: no {errorType} error body");
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_route_that_reads_a_body_documents_it()
    {
        var problems = routes
            .Where(r => r.Method is "POST" or "PUT")
            .Where(r => r.Endpoint.Metadata.GetMetadata<DocumentedBody>() is not null || r.Path.StartsWith("/oscp/", StringComparison.Ordinal))
            .Where(r => Operation(r.Method, r.Path)?["requestBody"]?["content"]?.AsObject().Any(c => c.Value?["schema"] is not null) != true)
            .Select(r => $"{r.Method} {r.Path}")
            .ToList();

        Assert.True(problems.Count == 0, "no request body schema: " + string.Join(", ", problems));
        // Bodies that carry an example show it.
        Assert.NotNull(Operation("PUT", "/api/v1/sites/{groupId}")!["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.NotNull(Operation("POST", "/api/v1/sites:import")!["requestBody"]!["content"]!["text/csv"]);
        Assert.Equal(2, (int?)Operation("POST", "/api/v1/sites:import")!["responses"]!["200"]!["content"]!["application/json"]!["example"]!["imported"]);
    }

    [Fact]
    public void Documented_limits_are_the_ones_the_code_enforces()
    {
        Assert.Equal(MeterValuesValidation.MaxSamplesPerSite, (int?)Body("POST", "/api/v1/sites/{groupId}/meter-values", "samples")["maxItems"]);
        var fleet = Body("POST", "/api/v1/meter-values", "sites");
        Assert.Contains(N(MeterValuesValidation.MaxSamplesPerRequest), (string?)fleet["description"], StringComparison.Ordinal);
        Assert.Equal(MeterValuesValidation.MaxSamplesPerSite, (int?)Resolve(Resolve(fleet["items"]!)["properties"]!["samples"]!)["maxItems"]);
        Assert.Equal(CapacityRequestValidation.MaxBlocks, (int?)Body("POST", "/api/v1/sites/{groupId}/capacity-requests", "blocks")["maxItems"]);
        Assert.Equal(ComplianceErrorValidation.MaxMessageLength, (int?)Body("POST", "/api/v1/sites/{groupId}/compliance-errors", "message")["maxLength"]);
        Assert.Equal(OscpValidator.MaxArrayItems, (int?)Body("POST", "/oscp/fp/2.0/update_group_capacity_forecast", "forecasted_blocks")["maxItems"]);
        Assert.Equal(IdempotencyKeys.MaxLength, (int?)Parameter("POST", "/api/v1/sites/{groupId}/capacity-requests", IdempotencyKeys.Header)["schema"]!["maxLength"]);
        Assert.Equal(SitesEndpoints.MaxPageSize, Maximum(Parameter("GET", "/api/v1/sites", "limit")));
        Assert.Equal(RecordQuery.MaxLimit, Maximum(Parameter("GET", "/api/v1/journal", "limit")));
        Assert.Equal(RecordQuery.MaxExportLimit, Maximum(Parameter("GET", "/api/v1/journal/export", "limit")));
        Assert.Contains(N(OscpOptions.DefaultMaxBodyBytes), (string?)Operation("POST", "/api/v1/meter-values")!["responses"]!["413"]!["description"], StringComparison.Ordinal);
    }

    [Fact]
    public void No_description_states_a_sample_limit_the_code_does_not_enforce()
    {
        // The document once said 10,000 samples per site while the code took 5,000.
        var allowed = new HashSet<long> { 1, MeterValuesValidation.MaxSamplesPerSite, MeterValuesValidation.MaxSamplesPerRequest };
        var stated = Regex.Matches(document.ToJsonString(), @"(\d[\d,]*) samples")
            .Select(m => long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))
            .ToList();

        Assert.NotEmpty(stated);
        Assert.All(stated, n => Assert.Contains(n, allowed));
    }

    private JsonObject? Operation(string method, string path) => document["paths"]?[path]?[method.ToLowerInvariant()] as JsonObject;

    /// <summary>A property of an operation's JSON request body (following <c>$ref</c>s into the components).</summary>
    private JsonNode Body(string method, string path, string property)
    {
        var schema = Operation(method, path)?["requestBody"]?["content"]?["application/json"]?["schema"]
            ?? throw new Xunit.Sdk.XunitException($"no JSON request body on {method} {path}");
        return Resolve(Resolve(schema)["properties"]?[property] ?? throw new Xunit.Sdk.XunitException($"no {property} in the body of {method} {path}: {Resolve(schema).ToJsonString()}"));
    }

    private JsonNode Resolve(JsonNode schema) =>
        (string?)schema["$ref"] is { } reference
            ? document["components"]!["schemas"]![reference.Split('/')[^1]] ?? throw new Xunit.Sdk.XunitException($"unresolved {reference}")
            : schema;

    private JsonNode Parameter(string method, string path, string name) =>
        Operation(method, path)?["parameters"]?.AsArray().FirstOrDefault(p => (string?)p!["name"] == name) ?? throw new Xunit.Sdk.XunitException($"no parameter {name} on {method} {path}");

    private static int? Maximum(JsonNode parameter) => parameter["schema"]?["maximum"] is { } maximum ? (int)maximum : null;

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    // The document's own route (linked from the docs), and static files served by a fallback (a console), are not API routes.
    private static bool IsExempt(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText?.StartsWith("/openapi/", StringComparison.Ordinal) == true
        // The operator console's static files (ConsoleEndpoints) are pages, not API operations.
        || endpoint.RoutePattern.RawText?.StartsWith("/console", StringComparison.Ordinal) == true
        || (endpoint.Order == int.MaxValue && endpoint.RoutePattern.Parameters.Any(p => p.IsCatchAll));

    private static string PathOf(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? "";
        // {version:long} → {version}: OpenAPI paths carry parameter names only.
        var path = Regex.Replace(raw, @"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}", "{$1}");
        path = path.StartsWith('/') ? path : "/" + path;
        // A group's "" route ends in '/' ("/api/v1/sites/"); it is served, and documented, without it.
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }
}
