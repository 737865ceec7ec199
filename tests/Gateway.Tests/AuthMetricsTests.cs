using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

public sealed class AuthMetricsTests
{
    [Fact]
    public async Task Issued_tokens_are_counted_by_client_kind_and_refusals_by_reason()
    {
        await using var host = await AuthTestHost.StartAsync();
        var measurements = new ConcurrentQueue<(string Instrument, string Tag)>();
        // Only this host's meter: other tests run their own hosts in parallel.
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "OscpFleet.Gateway.Auth" && ReferenceEquals(instrument.Meter.Scope, factory))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            foreach (var tag in tags) measurements.Enqueue((instrument.Name, $"{tag.Key}={tag.Value}"));
        });
        listener.Start();

        var token = await host.GetAccessTokenAsync(OperatorClient, OperatorSecret);
        await host.GetAccessTokenAsync(VectorClientId, VectorSecret);
        using var wrongSecret = await host.RequestTokenAsync(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = OperatorClient, ["client_secret"] = CsmsSecret,
        });
        host.Clock.Advance(TimeSpan.FromSeconds(LifetimeSeconds + 60));
        using var expired = await host.GetAsync(AuthTestHost.OperatorPath, AuthTestHost.Bearer(token));
        using var badOscpToken = await host.GetAsync(AuthTestHost.PeerPath, new AuthenticationHeaderValue("Token", "nope-0123456789abcdefghijklmnopqrstuv"));

        Assert.Equal(
            [
                ("oscpfleet.tokens.issued", "kind=client"),
                ("oscpfleet.tokens.issued", "kind=peer"),
                ("oscpfleet.tokens.rejected", "reason=invalid_client"),
                ("oscpfleet.tokens.rejected", "reason=expired"),
                ("oscpfleet.tokens.rejected", "reason=unknown_token"),
            ],
            measurements.ToList());
    }
}
