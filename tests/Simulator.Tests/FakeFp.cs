using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Tests;

/// <summary>
/// A tiny flexibility provider on loopback: an OAuth token endpoint and <c>/oscp/fp/2.0/*</c> endpoints that
/// record every call and answer 204 (or a status the test sets per message).
/// </summary>
public sealed class FakeFp : IAsyncDisposable
{
    public const string ClientId = "vector_sim";
    public const string ClientSecret = "fake-fp-secret-for-the-simulator";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, byte> _issued = new();
    private readonly ConcurrentDictionary<string, int> _answers = new();

    private FakeFp(WebApplication app) => _app = app;

    /// <summary>Every OSCP call received, with signals.</summary>
    public RecordLog<FpCall> Calls { get; } = new(c => c.ToString());

    /// <summary>How many tokens were issued.</summary>
    public int TokensIssued => _issued.Count;

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Uri TokenUrl => new(BaseAddress, "/oauth/token");

    /// <summary>Answers every later call of <paramref name="message"/> with <paramref name="status"/>.</summary>
    public void Answer(string message, int status) => _answers[message] = status;

    public IReadOnlyList<FpCall> Received(string message) => Calls.Snapshot(c => c.Message == message);

    public static async Task<FakeFp> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fp = new FakeFp(app);
        app.MapPost("/oauth/token", (Func<HttpContext, Task<IResult>>)fp.IssueAsync);
        app.MapPost("/oscp/fp/2.0/{message}", fp.ReceiveAsync);
        await app.StartAsync();
        return fp;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> IssueAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        var token = Guid.NewGuid().ToString("N");
        _issued[token] = 0;
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["token_type"] = "Bearer", ["expires_in"] = 3600 });
    }

    private async Task ReceiveAsync(HttpContext context, string message)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var authorized = authorization.StartsWith("Bearer ", StringComparison.Ordinal) && _issued.ContainsKey(authorization["Bearer ".Length..]);
        var status = !authorized ? 401 : _answers.TryGetValue(message, out var scripted) ? scripted : 204;
        var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString());
        var call = new FpCall(
            message, context.Request.Headers["x-request-id"].Select(v => v!).ToArray(), context.Request.Headers["x-correlation-id"].FirstOrDefault(),
            authorization, headers, body, status);
        context.Response.StatusCode = status;
        // Recorded once answered, like the simulator does, so a test that sees the call knows the answer is out.
        context.Response.OnCompleted(() =>
        {
            Calls.Add(call);
            return Task.CompletedTask;
        });
    }
}
