using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Journal;
using OscpFleet.Simulator.Cp;
using OscpFleet.Simulator.Fleet;
using OscpFleet.Testing;
using static OscpFleet.Testing.MeteringCluster;

namespace OscpFleet.Integration.WebConsole;

/// <summary>
/// The operator console in a real browser (headless Chromium through Playwright) against a real gateway, silo and the
/// simulators on Azurite: data made through the real APIs, then every page loads without a console error, the chart
/// plots exactly what <c>/history</c> answers, the links lead where they say, and a rejected token goes back to sign-in.
/// Screenshots of each page go to <c>artifacts/screenshots/</c>.
/// </summary>
public sealed partial class ConsoleBrowserTests(ConsoleCluster cluster, ConsoleBrowser browser) : IClassFixture<ConsoleCluster>, IClassFixture<ConsoleBrowser>
{
    private const string Site = "BUS_AUK_1";
    private const string TokenKey = "oscpfleet.console.token";
    private static readonly TimeSpan Timeout = Testing.VectorPeerCluster.Timeout;
    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "artifacts", "screenshots");
    private static readonly SemaphoreSlim ScenarioLock = new(1, 1);
    private static Scenario? scenario;

    private sealed record Scenario(string ForecastRequestId, string ReportRequestId, DateTimeOffset PeriodStart, long StopVersion);

    [Fact]
    public async Task Signing_in_shows_the_fleet_overview_and_keeps_no_secret_in_the_browser()
    {
        await ScenarioAsync();
        var (page, errors) = await OpenAsync();

        await page.GotoAsync("/console");
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await page.Locator("#signin").WaitForAsync();
        await ShootAsync(page, "signin");
        await page.FillAsync("#client_id", Testing.ConsoleCluster.OperatorClientId);
        await page.FillAsync("#client_secret", cluster.OperatorSecret);
        await page.ClickAsync("#signin button[type=submit]");
        await ReadyAsync(page, "overview");

        using var ops = await cluster.OperatorAsync();
        var summary = await ops.GetFromJsonAsync<JsonElement>("/api/v1/fleet/summary");
        foreach (var state in summary.GetProperty("sites").GetProperty("byState").EnumerateObject())
            Assert.Equal(state.Value.GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture),
                (await page.Locator($"#site-states [data-state={state.Name}] .n").TextContentAsync())?.Trim());
        var peerRow = page.Locator("#peers tbody tr", new() { HasText = Testing.VectorPeerCluster.PeerId });
        Assert.Contains("Online", await peerRow.TextContentAsync(), StringComparison.Ordinal);
        await ShootAsync(page, "overview");

        Assert.Equal(0, await page.EvaluateAsync<int>("localStorage.length"));
        var stored = await page.EvaluateAsync<string>("JSON.stringify(Object.entries(sessionStorage))");
        Assert.DoesNotContain(cluster.OperatorSecret, stored, StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task The_site_chart_plots_exactly_what_the_history_answers_with_versions_and_the_emergency_stop_shaded()
    {
        var data = await ScenarioAsync();
        var (page, errors) = await SignedInAsync();

        await page.GotoAsync($"/console/#/sites/{Site}");
        await ReadyAsync(page, "sites");
        await page.Locator("#chart[data-drawn=true] canvas").WaitForAsync();
        using var plotted = JsonDocument.Parse((await page.GetAttributeAsync("#chart", "data-plotted"))!);
        var chart = plotted.RootElement;
        // The default range is the 24 hours before the browser's now and the 24 after (the browser runs on product time).
        var from = chart.GetProperty("from").GetDateTimeOffset();
        var to = chart.GetProperty("to").GetDateTimeOffset();
        Assert.Equal(TimeSpan.FromHours(48), to - from);
        Assert.InRange(from, data.PeriodStart.AddHours(-24), cluster.Clock.GetUtcNow().AddHours(-23));

        using var ops = await cluster.OperatorAsync();
        var history = await ops.GetFromJsonAsync<JsonElement>($"/api/v1/sites/{Site}/history?from={Utc(from)}&to={Utc(to)}");
        var expectedPeriods = history.GetProperty("periods").EnumerateArray()
            .Select(p => (p.GetProperty("periodStart").GetDateTimeOffset(), Number(p.GetProperty("limitKwMax")), Number(p.GetProperty("maxKw")))).ToList();
        var plottedPeriods = chart.GetProperty("periods").EnumerateArray()
            .Select(p => (p.GetProperty("start").GetDateTimeOffset(), Number(p.GetProperty("limitKwMax")), Number(p.GetProperty("maxKw")))).ToList();
        Assert.NotEmpty(expectedPeriods);
        Assert.Contains(expectedPeriods, p => p.Item1 == data.PeriodStart && p.Item3 == 20);
        Assert.Equal(expectedPeriods, plottedPeriods);
        var expectedVersions = history.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt64(), v.GetProperty("issuedAt").GetDateTimeOffset(), v.GetProperty("reason").GetString()))
            .OrderBy(v => v.Item2).ToList();
        var plottedVersions = chart.GetProperty("versions").EnumerateArray()
            .Select(v => (v.GetProperty("version").GetInt64(), v.GetProperty("issuedAt").GetDateTimeOffset(), v.GetProperty("reason").GetString())).ToList();
        Assert.Equal(expectedVersions, plottedVersions);
        var stop = Assert.Single(expectedVersions, v => v.Item1 == data.StopVersion);
        Assert.Equal("emergency_stop", stop.Item3);
        Assert.Contains(chart.GetProperty("shaded").EnumerateArray(),
            s => s.GetProperty("reason").GetString() == "emergency_stop" && s.GetProperty("from").GetDateTimeOffset() == stop.Item2);

        // The tables say the same, and what we sent the DNO is there with its body.
        Assert.Equal(expectedPeriods.Count, await page.Locator("#periods tbody tr").CountAsync());
        Assert.Equal(expectedVersions.Count, await page.Locator("#versions tbody tr").CountAsync());
        var report = page.Locator("#site-journal tbody tr", new() { HasText = data.ReportRequestId });
        Assert.Contains("update_asset_measurements", await report.TextContentAsync(), StringComparison.Ordinal);
        await report.Locator("summary").ClickAsync();
        Assert.Contains($"\"group_id\": \"{Site}\"", await report.Locator("pre").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("\"emergencyStop\": true", await page.Locator("#limit-document").TextContentAsync(), StringComparison.Ordinal);
        await ShootAsync(page, "site");

        // The limit document at an instant before the stop: the forecast's version, not the stop.
        await page.FillAsync("#limit-at", data.PeriodStart.AddMinutes(5).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#range button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(LimitAtUrl());
        await Assertions.Expect(page.Locator("#limit-document")).ToContainTextAsync("\"emergencyStop\": false");
        await ReadyAsync(page, "sites");
        Assert.Contains("\"reason\": \"forecast\"", await page.Locator("#limit-document").TextContentAsync(), StringComparison.Ordinal);
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Links_lead_from_the_fleet_to_a_site_to_its_peer_and_back()
    {
        await ScenarioAsync();
        var (page, errors) = await SignedInAsync();

        await page.GotoAsync("/console/");
        await ReadyAsync(page, "overview");
        // A state's count opens the registry's list of those sites; a site there opens its page.
        await page.ClickAsync("#site-states a[data-state=emergency_stop]");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Sites in state emergency_stop");
        await ReadyAsync(page, "sites");
        Assert.Equal(new[] { Site }, (await page.Locator("#sites tbody tr td:first-child").AllTextContentsAsync()).ToArray());
        await page.ClickAsync($"#sites a:text-is('{Site}')");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Site {Site}");
        await ReadyAsync(page, "sites");
        await page.GoBackAsync();
        await page.GoBackAsync();
        await ReadyAsync(page, "overview");

        await page.FillAsync("#open-site", Site);
        await page.ClickAsync("#open-site-form button[type=submit]");
        await ReadyAsync(page, "sites");
        Assert.Contains(Site, await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);

        await page.Locator("#site-facts a", new() { HasText = Testing.VectorPeerCluster.PeerId }).ClickAsync();
        await ReadyAsync(page, "peers");
        Assert.Contains(Testing.VectorPeerCluster.PeerId, await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("Online", await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);
        // The handshake of the cluster's start is on the timeline; the journal holds the peer's messages of the last hour.
        Assert.True(await page.Locator("#timeline li", new() { HasText = "handshake" }).CountAsync() >= 1);
        Assert.True(await page.Locator("#peer-journal tbody tr").CountAsync() >= 1);
        await ShootAsync(page, "peer");
        await page.ClickAsync("#peer-sites");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync($"Sites of {Testing.VectorPeerCluster.PeerId}");
        await ReadyAsync(page, "sites");
        Assert.Contains(Site, await page.Locator("#sites tbody tr td:first-child").AllTextContentsAsync());

        await page.ClickAsync("#nav a[data-nav=overview]");
        await ReadyAsync(page, "overview");
        await page.Locator("#peers a", new() { HasText = Testing.VectorPeerCluster.PeerId }).ClickAsync();
        await ReadyAsync(page, "peers");
        await page.GoBackAsync();
        await ReadyAsync(page, "overview");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task A_rejected_or_expired_token_sends_the_user_to_sign_in_and_back_where_they_were()
    {
        await ScenarioAsync();
        var (page, errors) = await SignedInAsync();
        await page.GotoAsync($"/console/#/sites/{Site}");
        await ReadyAsync(page, "sites");

        // A token the gateway no longer accepts (its key rotated, say): the API answers 401.
        await page.EvaluateAsync($"() => {{ const s = JSON.parse(sessionStorage.getItem('{TokenKey}')); s.token = 'eyJhbGciOiJub25lIn0.e30.x'; sessionStorage.setItem('{TokenKey}', JSON.stringify(s)); }}");
        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        await page.Locator("#signin .notice").WaitForAsync();
        Assert.Null(await page.EvaluateAsync<string?>($"sessionStorage.getItem('{TokenKey}')"));
        Assert.Contains(errors, e => e.Contains("401", StringComparison.Ordinal));
        errors.Clear();

        await page.FillAsync("#client_id", Testing.ConsoleCluster.OperatorClientId);
        await page.FillAsync("#client_secret", cluster.OperatorSecret);
        await page.ClickAsync("#signin button[type=submit]");
        await ReadyAsync(page, "sites");
        Assert.Contains(Site, await page.Locator("h1").TextContentAsync(), StringComparison.Ordinal);

        // A token past its lifetime is not even sent.
        await page.EvaluateAsync($"() => {{ const s = JSON.parse(sessionStorage.getItem('{TokenKey}')); s.expiresAt = '2000-01-01T00:00:00Z'; sessionStorage.setItem('{TokenKey}', JSON.stringify(s)); }}");
        await page.ReloadAsync();
        await Assertions.Expect(page).ToHaveURLAsync(SignInUrl());
        Assert.Empty(errors);

        // A wrong secret is refused on the page, and nothing is stored.
        await page.FillAsync("#client_id", Testing.ConsoleCluster.OperatorClientId);
        await page.FillAsync("#client_secret", "not-the-secret");
        await page.ClickAsync("#signin button[type=submit]");
        await Assertions.Expect(page.Locator("#signin-error")).Not.ToBeEmptyAsync();
        Assert.Null(await page.EvaluateAsync<string?>($"sessionStorage.getItem('{TokenKey}')"));
    }

    private async Task<(IPage Page, List<string> Errors)> OpenAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = cluster.Gateway.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 1000 },
            TimezoneId = "Pacific/Auckland",
        });
        // The browser's clock reads product time (the cluster's fake clock), so "the last 24 h" holds the data made.
        await context.Clock.SetSystemTimeAsync(cluster.Clock.GetUtcNow().UtcDateTime);
        context.SetDefaultTimeout((float)Timeout.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        return (page, errors);
    }

    private async Task<(IPage Page, List<string> Errors)> SignedInAsync()
    {
        var (page, errors) = await OpenAsync();
        await page.GotoAsync("/console/#/signin");
        await page.FillAsync("#client_id", Testing.ConsoleCluster.OperatorClientId);
        await page.FillAsync("#client_secret", cluster.OperatorSecret);
        await page.ClickAsync("#signin button[type=submit]");
        await ReadyAsync(page, "overview");
        return (page, errors);
    }

    private static async Task ReadyAsync(IPage page, string view)
    {
        var ready = page.Locator($"#view[data-page={view}][data-state=ready], #view[data-state=error]");
        await ready.WaitForAsync();
        var state = await ready.GetAttributeAsync("data-state");
        Assert.True(state == "ready", $"the {view} page failed: {await page.Locator("#view").TextContentAsync()}");
    }

    private static async Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"console-{name}.png"), FullPage = true });
    }

    [GeneratedRegex("/console/#/signin")]
    private static partial Regex SignInUrl();

    [GeneratedRegex("/console/#/sites/BUS_AUK_1\\?.*at=")]
    private static partial Regex LimitAtUrl();

    private static double? Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDouble();

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Once per run, through the real APIs: a forecast at the start of a period, two meter samples, the period closed and
    /// its report accepted by the CP; then an all-zero forecast (an emergency stop); the journal and history flushed.
    /// </summary>
    private async Task<Scenario> ScenarioAsync()
    {
        await ScenarioLock.WaitAsync();
        try
        {
            return scenario ??= await MakeScenarioAsync();
        }
        finally
        {
            ScenarioLock.Release();
        }
    }

    private async Task<Scenario> MakeScenarioAsync()
    {
        await cluster.Simulator.WaitForOnlineAsync(Timeout);
        var start = cluster.PeriodStart().AddMinutes(15);
        cluster.AdvanceTo(start);
        var webhooks = cluster.LastWebhook();
        var forecast = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, CapacityKw = Testing.DoeCluster.BaseDoeKw + 20 })).Single();
        Assert.True(forecast.Delivered, forecast.ToString());
        var webhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > webhooks && w.GroupId == Site && w.Reason == "forecast", Timeout);
        await cluster.Csms.WaitForGatewayCallAsync(c => c.Kind == GatewayCallKind.Applied && c.GroupId == Site && c.Version == webhook.Version && c.Succeeded, Timeout);
        cluster.AdvanceTo(start.AddMinutes(11));
        var register = 10_000 * (1 + ((start - new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)).Ticks / TimeSpan.FromMinutes(15).Ticks));
        await cluster.PostSamplesAsync(Site,
            Sample($"{Site}-CS1", start.AddMinutes(1), register, 11_000),
            Sample($"{Site}-CS1", start.AddMinutes(10), register + 2_300, 20_000));
        cluster.AdvanceTo(start.AddMinutes(15) + PastSpread);
        await cluster.PostSamplesAsync(Site, Sample($"{Site}-CS1", start.AddMinutes(16), register + 3_300, 10_000));
        await cluster.Site(Site).TickAsync();
        await cluster.WaitForReportAsync(Site, start);
        var report = cluster.Simulator.Received(Oscp.Wire.OscpMessageKind.UpdateAssetMeasurements).Last(m => m.Status == 204 && IsReport(m, Site, start));

        webhooks = cluster.LastWebhook();
        var stop = (await cluster.Simulator.SendForecastAsync(new ForecastRequest { GroupId = Site, AllZero = true })).Single();
        Assert.True(stop.Delivered, stop.ToString());
        var stopWebhook = await cluster.Csms.WaitForWebhookAsync(w => w.Sequence > webhooks && w.GroupId == Site && w.Reason == "emergency_stop", Timeout);

        await cluster.Gateway.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
        foreach (var silo in cluster.Silos)
        {
            await silo.Services.GetRequiredService<TableBatchWriter<OscpJournalEntry>>().FlushAsync().WaitAsync(Timeout);
            await silo.Services.GetRequiredService<TableBatchWriter<TableTransactionAction>>().FlushAsync().WaitAsync(Timeout);
        }
        return new Scenario(forecast.RequestId!, report.RequestId!, start, stopWebhook.Version ?? throw new InvalidOperationException($"the stop webhook had no version: {stopWebhook}"));
    }
}
