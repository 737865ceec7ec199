using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Sites;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// The DOE cluster set up for metering: the CP asks for heartbeats only hourly, so tests can move the fake clock a
/// quarter hour at a time without the connection timing out, and reports use the default period (15 min) and spread
/// (60 s).
/// </summary>
public class MeteringCluster : DoeCluster
{
    /// <summary>How long an incomplete period waits for its data in this cluster (0: it does not).</summary>
    protected virtual int MaxReportDelayMinutes => 0;

    /// <summary>Moves the clock past the end of the current period, the close grace (60 s) and any site's spread offset (under 60 s).</summary>
    public static readonly TimeSpan PastSpread = TimeSpan.FromSeconds(121);

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            // These tests are about reports and the outbox: a period closes on time even if a charger that was drawing
            // power has not reported past its end (waiting for it is tested with the default in IncompletePeriodTests).
            settings["Oscp:Metering:MaxReportDelayMinutes"] = MaxReportDelayMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }

    /// <summary>A site grain, called as the reminder or the timer would.</summary>
    public ISiteGrain Site(string groupId) => Gateway.Services.GetRequiredService<IClusterClient>().GetGrain<ISiteGrain>(groupId);

    /// <summary>Posts samples for one site through the CSMS API and expects 204.</summary>
    public async Task PostSamplesAsync(string groupId, params object[] samples)
    {
        using var http = await CsmsClientAsync();
        using var response = await http.PostAsJsonAsync($"/api/v1/sites/{groupId}/meter-values", new { samples });
        if (response.StatusCode != HttpStatusCode.NoContent)
            throw new InvalidOperationException($"meter-values answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>
    /// Waits until the site's outbox satisfies <paramref name="condition"/> — the explicit signal being the grain's own
    /// state, read every 20 ms (an outbox change has no event a test could subscribe to).
    /// </summary>
    public async Task<OutboxView> WaitForOutboxAsync(string groupId, Func<OutboxView, bool> condition)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        while (true)
        {
            var view = await Site(groupId).GetOutboxAsync() ?? throw new InvalidOperationException($"no site {groupId}");
            if (condition(view)) return view;
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>A sample body.</summary>
    public static object Sample(string chargerId, DateTimeOffset at, double energyWh, double powerW) =>
        new { chargerId, at = at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), energyWh, powerW };

    /// <summary>The highest sequence number of the CP simulator's records so far (wait for events after it).</summary>
    public long Mark() => Simulator.Received().Select(m => m.Sequence).DefaultIfEmpty(0).Max();

    /// <summary>Accepted asset measurement reports of <paramref name="groupId"/> received after <paramref name="mark"/>, as JSON.</summary>
    public IReadOnlyList<(ReceivedMessage Message, JsonElement Asset)> Reports(string groupId, long mark = 0) =>
        [.. Simulator.Received(Oscp.Wire.OscpMessageKind.UpdateAssetMeasurements)
            .Where(m => m.Sequence > mark && m.Status == 204)
            .Select(m => (m, JsonDocument.Parse(m.Body).RootElement))
            .Where(x => x.Item2.GetProperty("group_id").GetString() == groupId)
            .Select(x => (x.m, x.Item2.GetProperty("measurements")[0]))];

    /// <summary>Waits for the accepted report of <paramref name="groupId"/> for the period starting at <paramref name="periodStart"/>.</summary>
    public async Task<JsonElement> WaitForReportAsync(string groupId, DateTimeOffset periodStart)
    {
        var message = await Simulator.WaitForReceivedAsync(
            m => m.Kind == Oscp.Wire.OscpMessageKind.UpdateAssetMeasurements && m.Status == 204 && IsReport(m, groupId, periodStart), Timeout);
        // And the site has heard that 204: a test that then jumps the clock must not find the answer still out, which
        // after two minutes of product time is presumed lost and the report sent again.
        await WaitForOutboxAsync(groupId, o => o.Queued.All(m => m.PeriodStart != periodStart));
        return JsonDocument.Parse(message.Body).RootElement.GetProperty("measurements")[0];
    }

    /// <summary>True when <paramref name="message"/> reports <paramref name="groupId"/>'s period starting at <paramref name="periodStart"/>.</summary>
    public static bool IsReport(ReceivedMessage message, string groupId, DateTimeOffset periodStart) =>
        ReportOf(message) == (groupId, periodStart);

    /// <summary>The group and the start of the period a report (an <c>update_asset_measurements</c> body) is for.</summary>
    public static (string? GroupId, DateTimeOffset PeriodStart) ReportOf(ReceivedMessage message)
    {
        using var body = JsonDocument.Parse(message.Body);
        var root = body.RootElement;
        return (root.GetProperty("group_id").GetString(),
            root.GetProperty("measurements")[0].GetProperty("energy_measurement").GetProperty("initial_measure_time").GetDateTimeOffset());
    }
}
