using System.Net;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Gateway.Oscp;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests.Api;

/// <summary>
/// The real OSCP endpoints behind the real filters, with a grain factory that records every call: a body that repeats a
/// name is answered 400 in the OSCP error format, and no grain is ever asked anything (no state can change).
/// </summary>
public sealed class OscpDuplicatePropertyTests
{
    [Theory]
    [InlineData("handshake", """{"required_behaviour":{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"],"heartbeat_interval":1}}""", "required_behaviour.heartbeat_interval")]
    [InlineData("handshake", """{"required_behaviour":{"heartbeat_interval":30},"required_behaviour":null}""", "required_behaviour")]
    [InlineData("handshake", """{"heartbeat_interval":30,"measurement_configuration":["CONTINUOUS"],"measurement_configuration":[]}""", "measurement_configuration")]
    public async Task A_handshake_repeating_a_name_is_refused_before_any_grain_is_called(string endpoint, string body, string path)
    {
        var grains = RecordingGrainFactory.Create();
        await using var host = await AuthTestHost.StartAsync(
            configure: b => b.Services.AddSingleton(grains),
            map: app => app.MapOscpEndpoints());

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{OscpEndpoints.BasePath}/{endpoint}")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", OscpPeerToken);
        request.Headers.Add("X-Request-ID", "r-1");
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid body", answer.RootElement.GetProperty("message").GetString());
        Assert.Equal([$"{path}: appears twice in the object"], answer.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(((RecordingGrainFactory)(object)grains).Calls);
    }

    [Fact]
    public async Task The_same_handshake_without_the_repeat_reaches_the_peer_grain()
    {
        // Guards the test above: with a valid body the handler does call the grain factory (which records and throws).
        var grains = RecordingGrainFactory.Create();
        await using var host = await AuthTestHost.StartAsync(
            configure: b => b.Services.AddSingleton(grains),
            map: app => app.MapOscpEndpoints());

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{OscpEndpoints.BasePath}/handshake")
        {
            Content = new StringContent("""{"required_behaviour":{"heartbeat_interval":30}}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", OscpPeerToken);
        request.Headers.Add("X-Request-ID", "r-1");
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(["GetGrain"], ((RecordingGrainFactory)(object)grains).Calls);
    }
}

/// <summary>An <see cref="IGrainFactory"/> that records the name of every method called and throws.</summary>
public class RecordingGrainFactory : DispatchProxy
{
    private readonly List<string> calls = [];

    public IReadOnlyList<string> Calls
    {
        get
        {
            lock (calls) return [.. calls];
        }
    }

    public static IGrainFactory Create() => Create<IGrainFactory, RecordingGrainFactory>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        lock (calls) calls.Add(targetMethod?.Name ?? "?");
        throw new InvalidOperationException("no grain may be called in this test");
    }
}
