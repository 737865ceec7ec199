using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Gateway.Auth;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// Every route of the running gateway (read from its <see cref="EndpointDataSource"/>, so a new route is in the matrix
/// without anyone adding it) × every credential of <see cref="CampaignCredentials"/>. The expected status comes from
/// the route's own authorization metadata: a caller who is nobody gets 401, an authenticated caller the policy does not
/// admit 403, an admitted caller gets past authorization. Wrong credentials carry valid, state-changing requests aimed
/// at the real sites, so a hole would show as a changed site as well as a wrong status.
/// </summary>
[Collection(CampaignCollection.Name)]
public sealed class AuthorizationMatrixTests(CampaignFixture fleet, ITestOutputHelper output)
{
    /// <summary>Routes public by design (health, metrics, the API description). Any other route must carry authorization metadata.</summary>
    private static readonly HashSet<string> PublicByDesign = ["/healthz", "/readyz", "/metrics", "/openapi/{documentName}.json"];

    /// <summary>Who each policy admits. A policy missing here fails the test: the matrix must learn it first.</summary>
    private static readonly Dictionary<string, CallerKind[]> Admits = new()
    {
        [FleetPolicies.OscpPeer] = [CallerKind.Peer],
        [FleetPolicies.OscpRegister] = [CallerKind.Peer],
        [FleetPolicies.Operator] = [CallerKind.Operator],
        [FleetPolicies.Csms] = [CallerKind.Csms],
        [FleetPolicies.OperatorOrCsms] = [CallerKind.Operator, CallerKind.Csms],
    };

    // The authorization layer's own refusal texts (FleetAuthorizationResultHandler): an admitted caller must never get them.
    private static readonly string[] AuthorizationRefusals = ["these credentials are not allowed here", "The credentials lack the scope this endpoint needs."];

    [Fact]
    public async Task Every_route_answers_every_credential_as_its_policy_says_and_no_real_site_changes()
    {
        var credentials = await CampaignCredentials.CreateAsync(fleet);
        var routes = Routes();
        Assert.True(routes.Count >= 20, $"only {routes.Count} routes found in the gateway's endpoint data source");
        var wrong = new List<string>();
        var bodies = new List<string>();
        int cells = 0, refusedCells = 0, wrongTwoHundreds = 0;

        foreach (var route in routes)
        {
            foreach (var credential in credentials)
            {
                var admitted = route.Admits is null || route.Admits.Contains(credential.Kind);
                using var request = Request(route, credential, admitted);
                using var response = await fleet.Gateway.Http.SendAsync(request);
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync();
                bodies.Add(body);
                bodies.Add(response.Headers.ToString());
                cells++;
                var cell = $"{route.Method} {route.Pattern} × {credential.Name} → {status}";
                if (status >= 500) wrong.Add($"{cell}: a server error ({body})");
                if (route.Admits is null) continue;

                if (!admitted)
                {
                    refusedCells++;
                    var expected = credential.Kind == CallerKind.Nobody ? 401 : 403;
                    if (status is >= 200 and < 300) wrongTwoHundreds++;
                    if (status != expected) wrong.Add($"{cell}: expected {expected}");
                    else if (!IsJson(response)) wrong.Add($"{cell}: the refusal has no JSON body ({response.Content.Headers.ContentType})");
                }
                else if (status == 401 || (status == 403 && AuthorizationRefusals.Any(body.Contains)))
                {
                    wrong.Add($"{cell}: an admitted caller was refused by authorization ({body})");
                }
            }
        }

        output.WriteLine($"authorization matrix: {routes.Count} routes × {credentials.Count} credentials = {cells} cells; "
            + $"{refusedCells} cells must refuse; {wrongTwoHundreds} of them got 2xx; {wrong.Count} wrong cells");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells} cells are wrong:\n{string.Join('\n', wrong)}");
        Assert.Equal(0, wrongTwoHundreds);
        await fleet.AssertRealSitesUnchangedAsync();
        var scanned = fleet.AssertNoSecretIn(bodies, "a matrix response");
        output.WriteLine($"secret scan: {fleet.Secrets.Count} secret values × {scanned} answer bodies, answer headers and log lines: 0 hits");
    }

    private sealed record Route(string Method, string Pattern, RouteEndpoint Endpoint, CallerKind[]? Admits);

    /// <summary>Every (method, route) of the gateway with who may call it; fails for a route without authorization metadata.</summary>
    private List<Route> Routes()
    {
        var routes = new List<Route>();
        var unprotected = new List<string>();
        foreach (var endpoint in fleet.Gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText ?? "";
            if (!pattern.StartsWith('/')) pattern = "/" + pattern;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var admits = AdmittedBy(endpoint, pattern, unprotected);
            routes.AddRange(methods.Select(m => new Route(m, pattern, endpoint, admits)));
        }
        Assert.True(unprotected.Count == 0, $"routes without authorization metadata (RequireAuthorization or AllowAnonymous): {string.Join(", ", unprotected)}");
        return routes;
    }

    private static CallerKind[]? AdmittedBy(RouteEndpoint endpoint, string pattern, List<string> unprotected)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0)
        {
            if (!PublicByDesign.Contains(pattern)) unprotected.Add(pattern);
            return null;
        }
        IEnumerable<CallerKind> admitted = Enum.GetValues<CallerKind>().Where(k => k != CallerKind.Nobody);
        foreach (var data in authorize)
        {
            Assert.True(data.Roles is null && data.AuthenticationSchemes is null, $"{pattern}: roles or schemes in authorization metadata; the matrix only knows policies");
            Assert.True(data.Policy is not null && Admits.ContainsKey(data.Policy), $"{pattern}: policy '{data.Policy}' is not in the matrix: say whom it admits");
            admitted = admitted.Intersect(Admits[data.Policy!]);
        }
        return [.. admitted];
    }

    /// <summary>
    /// A refused caller sends the valid request a legitimate caller would, aimed at the real site and peer; an admitted
    /// one sends an unreadable body to an unknown site or peer, so nothing changes either way.
    /// </summary>
    private HttpRequestMessage Request(Route route, CampaignCredential credential, bool admitted)
    {
        var values = admitted
            ? new Dictionary<string, string> { ["groupId"] = "MATRIX_NO_SITE", ["peerId"] = "no_such_peer", ["version"] = "1", ["documentName"] = "v1", ["file"] = "app.js" }
            : new Dictionary<string, string> { ["groupId"] = CampaignFixture.RealSites[0], ["peerId"] = Testing.OscpPeerCluster.PeerId, ["version"] = "1", ["documentName"] = "v1", ["file"] = "app.js" };
        var path = new StringBuilder();
        foreach (var segment in route.Endpoint.RoutePattern.PathSegments)
        {
            path.Append('/');
            foreach (var part in segment.Parts)
            {
                path.Append(part switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => values.TryGetValue(parameter.Name, out var v)
                        ? v : throw new InvalidOperationException($"{route.Pattern}: the matrix has no value for route parameter '{parameter.Name}'"),
                    _ => "",
                });
            }
        }
        var request = new HttpRequestMessage(new HttpMethod(route.Method), path.Length == 0 ? "/" : path.ToString());
        request.Headers.Authorization = credential.Header;
        request.Headers.Add("X-Request-ID", Guid.NewGuid().ToString());
        var key = SampleBodies.Key(route.Method, route.Pattern);
        if (route.Admits is null || !admitted)
        {
            if (SampleBodies.For(key, values["groupId"], Testing.OscpPeerCluster.PeerId, fleet.Clock.GetUtcNow()) is var (body, type))
                request.Content = new StringContent(body, Encoding.UTF8, type);
        }
        else if (route.Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{", Encoding.UTF8, SampleBodies.Json);
        }
        return request;
    }

    private static bool IsJson(HttpResponseMessage response) =>
        response.Content.Headers.ContentType?.MediaType is { } type && (type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal));
}
