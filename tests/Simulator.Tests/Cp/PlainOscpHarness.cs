using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests.Cp;

/// <summary>
/// The simulator as a plain OSCP CP (<c>Profile: oscp</c>) on real Kestrel with a fake clock, talking to a
/// <see cref="PlainFp"/>; plus an HTTP client that plays the FP calling the simulator with its token.
/// </summary>
public sealed class PlainOscpHarness : IAsyncDisposable
{
    /// <summary>The token the FP must send the simulator (its <c>InboundToken</c>).</summary>
    public const string InboundToken = "token-the-simulated-cp-gave-the-fp";

    private readonly WebApplication _app;

    private PlainOscpHarness(WebApplication app, PlainFp fp, FakeTimeProvider clock)
    {
        _app = app;
        Fp = fp;
        Clock = clock;
        Sim = app.Services.GetRequiredService<CpSimulator>();
        Http = new HttpClient { BaseAddress = Sim.BaseAddress };
    }

    public CpSimulator Sim { get; }

    public PlainFp Fp { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A plain client on the simulator's root (no headers).</summary>
    public HttpClient Http { get; }

    /// <summary>Starts a plain OSCP simulator with no Vector settings at all: it must need none.</summary>
    public static async Task<PlainOscpHarness> StartAsync(Action<CpSimulatorOptions>? customize = null, LogCapture? logs = null)
    {
        var fp = await PlainFp.StartAsync();
        var options = new CpSimulatorOptions
        {
            Profile = PeerProfile.Oscp,
            ListenUrl = "http://127.0.0.1:0",
            FpBaseUrl = fp.BaseAddress.ToString(),
            OutboundToken = PlainFp.Token,
            InboundToken = InboundToken,
            RequiredHeartbeatIntervalSeconds = 30,
            HeartbeatIntervalSeconds = 60,
            ForecastPeriodMinutes = 0,
        };
        customize?.Invoke(options);
        var clock = new FakeTimeProvider(SimulatorHarness.Start);
        var app = CapacityProviderSimulator.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null) builder.Logging.AddProvider(logs);
            builder.Services.Configure<OscpClientOptions>(o => o.RetryDelay = TimeSpan.Zero);
        }, clock);
        await app.StartAsync();
        return new PlainOscpHarness(app, fp, clock);
    }

    /// <summary>
    /// Posts an OSCP body to <c>/oscp/cp/2.0/{message}</c> as a plain OSCP FP does (<c>Authorization: Token</c>, a new
    /// x-request-id, nothing else); <paramref name="tweak"/> then spoils what a test wants.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string message, string body, Action<HttpRequestMessage>? tweak = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/oscp/cp/2.0/{message}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", InboundToken);
        request.Headers.Add("x-request-id", Guid.NewGuid().ToString());
        tweak?.Invoke(request);
        return await Http.SendAsync(request);
    }

    /// <summary>The FP hands the simulator a handshake (asking heartbeats every <paramref name="interval"/> seconds, or none) and waits until online.</summary>
    public async Task ConnectFromFpAsync(int? interval)
    {
        var body = interval is { } i
            ? $$$"""{"required_behaviour":{"heartbeat_interval":{{{i}}},"measurement_configuration":["CONTINUOUS"]}}"""
            : """{"required_behaviour":{"measurement_configuration":["CONTINUOUS"]}}""";
        using var response = await PostAsync("handshake", body);
        Assert.Equal(204, (int)response.StatusCode);
        await Sim.WaitForOnlineAsync(SimulatorHarness.Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Fp.DisposeAsync();
    }
}
