using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Tests.Fleet;

/// <summary>
/// A tiny OscpFleet gateway on loopback: <c>/oauth/token</c> for an operator and a csms client, and the three
/// API routes the fleet simulator calls. Records every call (before answering) and answers 2xx, or the statuses
/// a test queued per route.
/// </summary>
public sealed class FakeFleetGateway : IAsyncDisposable
{
    public const string OperatorClientId = "ops_sim";
    public const string OperatorSecret = "operator-secret-of-the-fleet-simulator";
    public const string CsmsClientId = "csms_sim";
    public const string CsmsSecret = "csms-secret-of-the-fleet-simulator-0";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _issued = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _answers = new();

    private FakeFleetGateway(WebApplication app) => _app = app;

    public RecordLog<FleetApiCall> Calls { get; } = new(c => c.ToString());

    /// <summary>Every token request: (client id, scope asked).</summary>
    public ConcurrentQueue<(string ClientId, string? Scope)> TokenRequests { get; } = new();

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Answers the next calls of <paramref name="route"/> (onboard, applied, meter-values) with <paramref name="statuses"/>.</summary>
    public void Answer(string route, params int[] statuses)
    {
        var queue = _answers.GetOrAdd(route, _ => new ConcurrentQueue<int>());
        foreach (var status in statuses) queue.Enqueue(status);
    }

    public IReadOnlyList<FleetApiCall> Received(string route) => Calls.Snapshot(c => c.Route == route);

    public static async Task<FakeFleetGateway> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var gateway = new FakeFleetGateway(app);
        app.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)gateway.IssueAsync);
        app.MapPut("/api/v1/sites/{groupId}", (HttpContext c) => gateway.ReceiveAsync(c, "onboard", 200));
        app.MapPost("/api/v1/sites/{groupId}/limits/{version}/applied", (HttpContext c) => gateway.ReceiveAsync(c, "applied", 204));
        app.MapPost("/api/v1/meter-values", (HttpContext c) => gateway.ReceiveAsync(c, "meter-values", 202));
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> IssueAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var clientId = form["client_id"].ToString();
        var secret = form["client_secret"].ToString();
        var known = (clientId == OperatorClientId && secret == OperatorSecret) || (clientId == CsmsClientId && secret == CsmsSecret);
        TokenRequests.Enqueue((clientId, form.ContainsKey("scope") ? form["scope"].ToString() : null));
        if (form["grant_type"] != "client_credentials" || !known)
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        var token = Guid.NewGuid().ToString("N");
        _issued[token] = clientId;
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600 });
    }

    private async Task ReceiveAsync(HttpContext context, string route, int success)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var clientId = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? _issued.GetValueOrDefault(authorization["Bearer ".Length..]) : null;
        var status = clientId is null ? 401
            : _answers.TryGetValue(route, out var queue) && queue.TryDequeue(out var scripted) ? scripted
            : success;
        // Recorded before the answer is written: a simulator record of the answer implies this one exists.
        Calls.Add(new FleetApiCall(route, context.Request.Method, context.Request.Path, clientId, context.Request.ContentType, body, status));
        context.Response.StatusCode = status;
        if (status == 400)
            await context.Response.WriteAsJsonAsync(new { title = "One or more validation errors occurred.", errors = new { timeZone = new[] { "unknown time zone" } } });
    }
}
