using System.Net;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Simulator.Tests.Fleet;

public sealed class FleetWebhookAuthenticationTests : IAsyncLifetime
{
    private FleetHarness _h = null!;

    public async Task InitializeAsync() => _h = await FleetHarness.StartAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    public static TheoryData<string, Action<HttpRequestMessage>> Forgeries => new()
    {
        { "signed with an unknown secret", r => Resign(r, "a-secret-the-simulator-does-not-have-000") },
        { "body changed after signing", r => r.Content = new StringContent(LimitDocuments.Flat("SITE_1", 1, 9000)) },
        { "no signature", r => r.Headers.Remove("X-OscpFleet-Signature") },
        { "no timestamp", r => r.Headers.Remove("X-OscpFleet-Timestamp") },
        { "signature without its scheme", r => Replace(r, "X-OscpFleet-Signature", r.Headers.GetValues("X-OscpFleet-Signature").Single()["sha256=".Length..]) },
        { "timestamp changed after signing", r => Replace(r, "X-OscpFleet-Timestamp", (FleetHarness.Start.ToUnixTimeSeconds() + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)) },
    };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_webhook_without_a_valid_signature_gets_401_and_changes_nothing(string why, Action<HttpRequestMessage> spoil)
    {
        using var response = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90), tweak: spoil);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        var webhook = Assert.Single(_h.Sim.Webhooks());
        Assert.Equal((WebhookOutcome.Unauthorized, false, false), (webhook.Outcome, webhook.SignatureValid, webhook.ConfirmScheduled));
        Assert.Null(_h.Sim.GetSite("SITE_1").AppliedVersion);
        Assert.DoesNotContain(FleetHarness.Secret, (await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timestamp_beyond_the_tolerance_gets_401_while_one_within_it_is_accepted()
    {
        using var stale = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90), timestamp: FleetHarness.Start.AddSeconds(-301));
        using var future = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90), timestamp: FleetHarness.Start.AddSeconds(301));
        var afterRefusals = _h.Sim.GetSite("SITE_1").AppliedVersion;
        using var late = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90), timestamp: FleetHarness.Start.AddSeconds(-300));

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.NoContent), (stale.StatusCode, future.StatusCode, late.StatusCode));
        var refused = _h.Sim.Webhooks()[0];
        Assert.Equal((true, false, WebhookOutcome.Unauthorized), (refused.SignatureValid, refused.TimestampFresh, refused.Outcome));
        Assert.Contains("tolerance 300 s", refused.Problem, StringComparison.Ordinal);
        Assert.Null(afterRefusals);
        Assert.Equal(1L, _h.Sim.GetSite("SITE_1").AppliedVersion);
    }

    [Fact]
    public async Task The_previous_secret_is_still_accepted_during_a_rotation()
    {
        using var response = await _h.PostWebhookAsync(LimitDocuments.Flat("SITE_1", 1, 90), secret: FleetHarness.PreviousSecret);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(1L, _h.Sim.GetSite("SITE_1").AppliedVersion);
    }

    private static void Resign(HttpRequestMessage request, string secret)
    {
        var stamp = request.Headers.GetValues("X-OscpFleet-Timestamp").Single();
        var body = request.Content!.ReadAsStringAsync().GetAwaiter().GetResult();
        Replace(request, "X-OscpFleet-Signature", FleetHarness.Sign(secret, stamp, body));
    }

    private static void Replace(HttpRequestMessage request, string header, string value)
    {
        request.Headers.Remove(header);
        request.Headers.Add(header, value);
    }
}
