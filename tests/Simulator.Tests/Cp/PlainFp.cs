using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OscpFleet.Simulator.Tests.Cp;

/// <summary>
/// A tiny plain-OSCP flexibility provider on loopback: <c>/oscp/fp/2.0/*</c> endpoints that accept only
/// <c>Authorization: Token</c> with the token it gave the CP, record every call and answer 204 (401 otherwise), or
/// hold a call until the test answers it. No token endpoint: a plain OSCP peer has none.
/// </summary>
public sealed class PlainFp : IAsyncDisposable
{
    /// <summary>The token the CP must send (the simulator's <c>OutboundToken</c>).</summary>
    public const string Token = "token-the-fp-gave-the-simulated-cp";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<HeldCall>> _holds = new();

    private PlainFp(WebApplication app) => _app = app;

    /// <summary>Every OSCP call received, with signals.</summary>
    public RecordLog<FpCall> Calls { get; } = new(c => c.ToString());

    public Uri BaseAddress => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public IReadOnlyList<FpCall> Received(string message) => Calls.Snapshot(c => c.Message == message);

    /// <summary>The next call of <paramref name="message"/> waits, once it arrived, for the status the test sets.</summary>
    public HeldCall Hold(string message)
    {
        var held = new HeldCall();
        _holds.GetOrAdd(message, _ => new ConcurrentQueue<HeldCall>()).Enqueue(held);
        return held;
    }

    public static async Task<PlainFp> StartAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fp = new PlainFp(app);
        app.MapPost("/oscp/fp/2.0/{message}", fp.ReceiveAsync);
        await app.StartAsync();
        return fp;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task ReceiveAsync(HttpContext context, string message)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var authorization = context.Request.Headers.Authorization.ToString();
        var status = authorization == $"Token {Token}" ? 204 : 401;
        if (_holds.TryGetValue(message, out var holds) && holds.TryDequeue(out var held))
        {
            held.Arrived.TrySetResult();
            status = await held.Answer.Task;
        }

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
