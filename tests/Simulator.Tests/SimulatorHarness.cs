using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Oscp.Client;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Simulator.Tests;

/// <summary>
/// The simulator on real Kestrel (127.0.0.1, a free port) with a fake clock, talking to a <see cref="FakeFp"/>;
/// plus an HTTP client that plays the FP calling the simulator.
/// </summary>
public sealed class SimulatorHarness : IAsyncDisposable
{
    public const string SimClientId = "oscpfleet";
    public const string SimClientSecret = "simulator-secret-the-fp-presents";
    public const string FpId = "FP-TEST-1";
    public const string ApiKey = "api-key-1";
    public const string AccessToken = "test-access-token";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 3, 10, TimeSpan.Zero);

    private readonly WebApplication _app;
    private string? _token;

    private SimulatorHarness(WebApplication app, FakeFp fp, FakeTimeProvider clock)
    {
        _app = app;
        Fp = fp;
        Clock = clock;
        Sim = app.Services.GetRequiredService<CpSimulator>();
        Http = new HttpClient { BaseAddress = Sim.BaseAddress };
    }

    public CpSimulator Sim { get; }

    public FakeFp Fp { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A plain client on the simulator's root (no headers).</summary>
    public HttpClient Http { get; }

    public static async Task<SimulatorHarness> StartAsync(Action<CpSimulatorOptions>? customize = null, LogCapture? logs = null)
    {
        var fp = await FakeFp.StartAsync();
        var options = new CpSimulatorOptions
        {
            ListenUrl = "http://127.0.0.1:0",
            FpBaseUrl = fp.BaseAddress.ToString(),
            FpTokenUrl = fp.TokenUrl.ToString(),
            FpClientId = FakeFp.ClientId,
            FpClientSecret = FakeFp.ClientSecret,
            ClientId = SimClientId,
            ClientSecret = SimClientSecret,
            FpId = FpId,
            ApiKey = ApiKey,
            AccessToken = AccessToken,
            RequiredHeartbeatIntervalSeconds = 30,
            HeartbeatIntervalSeconds = 60,
            Sites = ["SITE_1", "SITE_2"],
            // Off unless a test turns it on, so forecasts never surprise a test about something else.
            ForecastPeriodMinutes = 0,
        };
        customize?.Invoke(options);
        var clock = new FakeTimeProvider(Start);
        var app = CapacityProviderSimulator.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null) builder.Logging.AddProvider(logs);
            // The client's quick retries would otherwise wait half a second of real time.
            builder.Services.Configure<OscpClientOptions>(o => o.RetryDelay = TimeSpan.Zero);
        }, clock);
        await app.StartAsync();
        return new SimulatorHarness(app, fp, clock);
    }

    /// <summary>Fetches a token from the simulator as the FP would (form body).</summary>
    public async Task<string> TokenAsync()
    {
        using var response = await Http.PostAsync("/token", Form(SimClientId, SimClientSecret));
        response.EnsureSuccessStatusCode();
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("access_token").GetString()!;
    }

    public static FormUrlEncodedContent Form(string clientId, string clientSecret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = clientSecret,
    });

    /// <summary>
    /// Posts an OSCP body to <c>/oscp/cp/2.0/{message}</c> with everything a well-behaved FP sends (a token,
    /// fp-id, apikey, x-access-token, a new x-request-id); <paramref name="tweak"/> then spoils what a test wants.
    /// </summary>
    public async Task<HttpResponseMessage> PostAsync(string message, string body, Action<HttpRequestMessage>? tweak = null)
    {
        _token ??= await TokenAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/oscp/cp/2.0/{message}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        request.Headers.Add("fp-id", FpId);
        request.Headers.Add("apikey", ApiKey);
        request.Headers.Add("x-access-token", AccessToken);
        request.Headers.Add("x-request-id", Guid.NewGuid().ToString());
        tweak?.Invoke(request);
        return await Http.SendAsync(request);
    }

    /// <summary>A heartbeat body whose <c>offline_mode_at</c> is <paramref name="after"/> past the fake clock.</summary>
    public string HeartbeatBody(TimeSpan after) =>
        $$"""{"offline_mode_at":"{{(Clock.GetUtcNow() + after).UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}""";

    /// <summary>The FP hands the simulator a handshake asking heartbeats every <paramref name="interval"/> seconds and waits until the connection is online.</summary>
    public async Task ConnectFromFpAsync(int? interval = 10)
    {
        var body = interval is { } i
            ? $$$"""{"required_behaviour":{"heartbeat_interval":{{{i}}},"measurement_configuration":["INTERMITTENT"]}}"""
            : """{"required_behaviour":{"measurement_configuration":["INTERMITTENT"]}}""";
        using var response = await PostAsync("handshake", body);
        Assert.Equal(204, (int)response.StatusCode);
        await Sim.WaitForOnlineAsync(Timeout);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Fp.DisposeAsync();
    }
}
