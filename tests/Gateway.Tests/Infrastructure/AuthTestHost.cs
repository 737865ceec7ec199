using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Tests;

/// <summary>
/// A minimal gateway on real Kestrel (127.0.0.1, a free port, no Orleans): the token endpoint plus one test endpoint
/// per policy, a fake product clock and a log sink. One host per test, so rate limits and clocks never leak.
/// </summary>
internal sealed class AuthTestHost : IAsyncDisposable
{
    public const string PeerPath = "/oscp/fp/2.0/test";
    public const string OperatorPath = "/api/v1/test/operator";
    public const string CsmsPath = "/api/v1/test/csms";
    public const string EitherPath = "/api/v1/test/either";

    /// <summary>Far from today on purpose: a validation that used the system clock would call every token not yet valid.</summary>
    public static readonly DateTimeOffset Start = new(2031, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication app;

    private AuthTestHost(WebApplication app, FakeTimeProvider clock, LogSink logs, HttpClient http)
    {
        this.app = app;
        Clock = clock;
        Logs = logs;
        Http = http;
    }

    public FakeTimeProvider Clock { get; }

    public LogSink Logs { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts a host; <paramref name="configure"/> adds services and <paramref name="map"/> more endpoints (e.g. the real OSCP ones).</summary>
    public static async Task<AuthTestHost> StartAsync(
        AuthTestSettings? settings = null, Action<WebApplicationBuilder>? configure = null, Action<WebApplication>? map = null)
    {
        var clock = new FakeTimeProvider(Start);
        var logs = new LogSink();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Testing" });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection((settings ?? new()).ToConfiguration());
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddKeyedSingleton<TimeProvider>(FleetClock.Key, clock);
        builder.Services.Configure<OscpOptions>(builder.Configuration.GetSection(OscpOptions.Section));
        builder.Services.AddProblemDetails();
        builder.Services.AddFleetAuthentication();
        configure?.Invoke(builder);

        var app = builder.Build();
        // The same problems the gateway refuses to start with: a test configuration must be a valid one.
        Assert.Empty(ConfigurationValidator.Validate(app.Services.GetRequiredService<IOptions<OscpOptions>>().Value, ConfigurationScope.Inbound));
        app.UseTrustedProxies(app.Configuration);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapTokenEndpoint();
        app.MapGet(PeerPath, (HttpContext c) => c.User.GetPeerId()).RequireAuthorization(FleetPolicies.OscpPeer);
        app.MapGet(OperatorPath, (HttpContext c) => c.User.GetClientId()).RequireAuthorization(FleetPolicies.Operator);
        app.MapGet(CsmsPath, (HttpContext c) => c.User.GetClientId()).RequireAuthorization(FleetPolicies.Csms);
        app.MapGet(EitherPath, (HttpContext c) => c.User.GetClientId()).RequireAuthorization(FleetPolicies.OperatorOrCsms);
        map?.Invoke(app);
        await app.StartAsync();
        var http = new HttpClient { BaseAddress = new Uri(app.Urls.Single()), Timeout = TimeSpan.FromSeconds(30) };
        return new AuthTestHost(app, clock, logs, http);
    }

    public static AuthenticationHeaderValue Basic(string clientId, string secret) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(clientId)}:{Uri.EscapeDataString(secret)}")));

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);

    /// <summary>POSTs a form to <c>/oauth/token</c>.</summary>
    public Task<HttpResponseMessage> RequestTokenAsync(IEnumerable<KeyValuePair<string, string>> form, AuthenticationHeaderValue? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, FleetAuthentication.TokenPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = authorization;
        return Http.SendAsync(request);
    }

    /// <summary>Gets a token by body credentials and fails the test unless the endpoint answers 200.</summary>
    public async Task<string> GetAccessTokenAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["client_id"] = clientId, ["client_secret"] = secret };
        if (scope is not null) form["scope"] = scope;
        using var response = await RequestTokenAsync(form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"token request for {clientId} answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>GETs a test endpoint with the given Authorization header (or none).</summary>
    public Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = authorization;
        return Http.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
