using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

/// <summary>
/// The fleet simulator on real Kestrel (127.0.0.1, a free port) with a fake clock, talking to a
/// <see cref="FakeFleetGateway"/>; plus a client that plays the gateway's webhook, signing on its own (not with
/// the simulator's code).
/// </summary>
public sealed class FleetHarness : IAsyncDisposable
{
    public const string Secret = "current-webhook-secret-0123456789abcdef";
    public const string PreviousSecret = "previous-webhook-secret-fedcba9876543210";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;

    private FleetHarness(WebApplication app, FakeFleetGateway gateway, FakeTimeProvider clock)
    {
        _app = app;
        Gateway = gateway;
        Clock = clock;
        Sim = app.Services.GetRequiredService<CsmsSimulator>();
        Http = new HttpClient { BaseAddress = Sim.BaseAddress };
    }

    public CsmsSimulator Sim { get; }

    public FakeFleetGateway Gateway { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>A plain client on the simulator's root.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// SITE_1 (CS-001 50 kW, CS-002 100 kW) and SITE_2 (CS-101 22 kW), both on peer vector_test. Onboarding at start,
    /// meter values and the confirmation delay are off unless a test turns them on.
    /// </summary>
    /// <param name="customize">Changes to the simulator's options.</param>
    /// <param name="logs">Captures the simulator's logs.</param>
    /// <param name="script">Scripts the fake gateway's answers before the simulator starts (it may call at once).</param>
    public static async Task<FleetHarness> StartAsync(Action<FleetSimulatorOptions>? customize = null, LogCapture? logs = null, Action<FakeFleetGateway>? script = null)
    {
        var gateway = await FakeFleetGateway.StartAsync();
        script?.Invoke(gateway);
        var options = new FleetSimulatorOptions
        {
            ListenUrl = "http://127.0.0.1:0",
            FleetBaseUrl = gateway.BaseAddress.ToString(),
            OperatorClientId = FakeFleetGateway.OperatorClientId,
            OperatorClientSecret = FakeFleetGateway.OperatorSecret,
            CsmsClientId = FakeFleetGateway.CsmsClientId,
            CsmsClientSecret = FakeFleetGateway.CsmsSecret,
            WebhookSecrets = [Secret, PreviousSecret],
            OnboardSites = false,
            Sites =
            [
                new FleetSiteOptions
                {
                    GroupId = "SITE_1", PeerId = "vector_test", AssetId = "ASSET_1", BaseDoeKw = 120, MaxImportKw = 150,
                    NominalVoltage = 230, Phases = 3,
                    Chargers = [new FleetChargerOptions { Id = "CS-001", RatedKw = 50 }, new FleetChargerOptions { Id = "CS-002", RatedKw = 100 }],
                },
                new FleetSiteOptions
                {
                    GroupId = "SITE_2", PeerId = "vector_test", TimeZone = "Pacific/Chatham", Csms = "backup",
                    Chargers = [new FleetChargerOptions { Id = "CS-101", RatedKw = 22 }],
                },
            ],
        };
        customize?.Invoke(options);
        var clock = new FakeTimeProvider(Start);
        var app = FleetSimulator.Build(options, builder =>
        {
            builder.Logging.ClearProviders();
            if (logs is not null) builder.Logging.AddProvider(logs);
        }, clock);
        await app.StartAsync();
        return new FleetHarness(app, gateway, clock);
    }

    /// <summary>The header value the gateway would send, computed here independently of the simulator's code.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}")));

    /// <summary>
    /// Posts <paramref name="body"/> to the webhook signed with <paramref name="secret"/> at <paramref name="timestamp"/>
    /// (default: the fake clock now); <paramref name="tweak"/> then spoils what a test wants.
    /// </summary>
    public async Task<HttpResponseMessage> PostWebhookAsync(
        string body, string secret = Secret, DateTimeOffset? timestamp = null, Action<HttpRequestMessage>? tweak = null)
    {
        var stamp = (timestamp ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/csms/limits") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-OscpFleet-Timestamp", stamp);
        request.Headers.Add("X-OscpFleet-Signature", Sign(secret, stamp, body));
        tweak?.Invoke(request);
        return await Http.SendAsync(request);
    }

    /// <summary>Posts a signed document and asserts the simulator answered <paramref name="expected"/>.</summary>
    public async Task<ReceivedWebhook> DeliverAsync(string body, int expected = 204)
    {
        using var response = await PostWebhookAsync(body);
        Assert.Equal(expected, (int)response.StatusCode);
        var count = Sim.Webhooks().Count;
        return Sim.Webhooks()[count - 1];
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Gateway.DisposeAsync();
    }
}
