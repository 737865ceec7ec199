using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// The HTTP hostile-input campaign against a real deployment: seeded, structure-aware mutations of valid requests to
/// every endpoint class (OSCP messages, operator API, CSMS API, token form, CSV import). Passes when no answer is a
/// 5xx, no connection fails, every refusal is a JSON body naming the problem, no answer carries a secret or a stack
/// trace, the real sites are unchanged, and afterwards every campaign site still takes a valid forecast.
/// </summary>
/// <remarks>
/// CI size: <see cref="CiRequests"/> requests. <c>OSCPFLEET_CAMPAIGN_REQUESTS</c> sets the count (10000 for the full
/// campaign) and <c>OSCPFLEET_CAMPAIGN_SEED</c> the seed; request <c>i</c> of a seed is always the same request.
/// Figures are written to the test output and to <c>artifacts/campaign/hostile-input.txt</c>.
/// </remarks>
[Collection(CampaignCollection.Name)]
public sealed class HostileInputCampaignTests(CampaignFixture fleet, ITestOutputHelper output)
{
    /// <summary>Requests per CI run.</summary>
    public const int CiRequests = 2000;

    /// <summary>The default seed.</summary>
    public const int DefaultSeed = 20261203;

    private const int Concurrency = 8;

    [Fact]
    public async Task Hostile_requests_get_no_5xx_no_reset_and_only_JSON_refusals_and_change_no_real_site()
    {
        var count = Setting("OSCPFLEET_CAMPAIGN_REQUESTS", CiRequests);
        var seed = Setting("OSCPFLEET_CAMPAIGN_SEED", DefaultSeed);
        var callers = new CampaignCallers(
            fleet.CpToken,
            await fleet.TokenAsync(Testing.CampaignCluster.OperatorClient, fleet.OperatorSecret),
            await fleet.TokenAsync(Testing.CampaignCluster.CsmsClients[0], fleet.CsmsSecrets[0]),
            fleet.Clock.GetUtcNow());
        var generator = new HostileRequestGenerator(callers);
        var secrets = fleet.Secrets;
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<string, int>();
        var perClass = new ConcurrentDictionary<string, int>();
        var slowest = new ConcurrentBag<(double Seconds, int Index, int Status, string Request)>();
        int serverErrors = 0, connectionFailures = 0, notJson = 0, leaks = 0, accepted = 0, refusedByServer = 0;
        using var sender = new CampaignSender(fleet.Gateway.BaseAddress);
        var watch = Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (index, _) =>
        {
            var hostile = generator.Create(seed, index);
            perClass.AddOrUpdate(hostile.EndpointClass, 1, (_, n) => n + 1);
            HttpResponseMessage response;
            var started = Stopwatch.GetTimestamp();
            try
            {
                response = await sender.SendAsync(hostile);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                Interlocked.Increment(ref connectionFailures);
                failures.Enqueue($"#{index} connection failure {e.GetType().Name}: {e.Message} ← {hostile}");
                return;
            }
            using (response)
            {
                var status = (int)response.StatusCode;
                var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
                slowest.Add((Stopwatch.GetElapsedTime(started).TotalSeconds, index, status, Shorten(hostile.ToString(), ellipsis: false)));
                statuses.AddOrUpdate(status.ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                if (status >= 500)
                {
                    Interlocked.Increment(ref serverErrors);
                    failures.Enqueue($"#{index} {status} {Shorten(body)} ← {hostile}");
                }
                else if (RefusedByHttpServer(response, body))
                {
                    Interlocked.Increment(ref refusedByServer);
                }
                else if (status >= 400 && Problem(response, body) is { } problem)
                {
                    Interlocked.Increment(ref notJson);
                    failures.Enqueue($"#{index} {status} refusal {problem}: {Shorten(body)} ← {hostile}");
                }
                else if (status is >= 200 and < 300)
                {
                    Interlocked.Increment(ref accepted);
                }
                if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("--- End of", StringComparison.Ordinal))
                    failures.Enqueue($"#{index} {status} a stack trace or exception in the answer ← {hostile}");
                var answer = body + response.Headers + response.Content.Headers;
                foreach (var (name, secret) in secrets)
                {
                    if (!answer.Contains(secret, StringComparison.Ordinal)) continue;
                    Interlocked.Increment(ref leaks);
                    failures.Enqueue($"#{index} the {name} is in the answer ← {hostile}");
                }
            }
        });
        watch.Stop();

        var figures = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"hostile-input campaign: seed {seed}, {count} requests in {watch.Elapsed.TotalSeconds:F1} s ({count / watch.Elapsed.TotalSeconds:F0}/s, {Concurrency} at a time)")
            .AppendLine(CultureInfo.InvariantCulture, $"  5xx {serverErrors}, connection failures {connectionFailures}, refusals without a JSON problem {notJson}, secrets in answers {leaks}, accepted (2xx) {accepted}, "
                + $"refused by Kestrel before the application (400, no body, connection closed) {refusedByServer}")
            .AppendLine("  by status: " + string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key}×{s.Value}")))
            .AppendLine("  by endpoint class: " + string.Join(", ", HostileRequestGenerator.Classes.Select(c => $"{c} {perClass.GetValueOrDefault(c)}")))
            .AppendLine("  slowest answers:")
            .AppendJoin('\n', slowest.OrderByDescending(s => s.Seconds).Take(5).Select(s => string.Create(CultureInfo.InvariantCulture, $"    {s.Seconds:F2} s #{s.Index} {s.Status} {s.Request}")))
            .AppendLine();
        output.WriteLine(figures.ToString());
        var file = Path.Combine(Testing.RepositoryPaths.Root, "artifacts", "campaign", "hostile-input.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, figures + string.Join('\n', failures) + "\n");

        Assert.True(failures.IsEmpty, $"{failures.Count} failures (all in {file}); the first 30:\n{string.Join('\n', failures.Take(30))}");
        Assert.All(HostileRequestGenerator.Classes, c => Assert.True(perClass.GetValueOrDefault(c) > 0, $"no request of class {c}"));
        await fleet.AssertRealSitesUnchangedAsync();
        await AssertCampaignSitesStillTakeValidForecastsAsync();
        var logLines = fleet.AssertNoSecretIn([], "the campaign's log lines");
        output.WriteLine($"secret scan: {fleet.Secrets.Count} secret values × ({count} answers + {logLines} log lines of the gateway and silo): 0 hits");
    }

    /// <summary>
    /// Whatever the campaign did to them, each campaign site can be put back by the operator and then takes a valid
    /// forecast, and its limits document holds only finite, non-negative kW.
    /// </summary>
    private async Task AssertCampaignSitesStillTakeValidForecastsAsync()
    {
        await fleet.Simulator.WaitForOnlineAsync(Testing.CampaignCluster.Timeout);
        using var http = await fleet.OperatorAsync();
        foreach (var site in CampaignFixture.CampaignSites)
        {
            await fleet.PutSiteAsync(http, site, CampaignFixture.SiteBody(Testing.OscpPeerCluster.PeerId));
            await fleet.SendForecastAsync(site, 90, 70);
            var limits = await Testing.CampaignCluster.GetJsonAsync(http, $"/api/v1/sites/{site}/limits");
            var kw = limits.GetProperty("schedule").EnumerateArray().Select(e => e.GetProperty("kw").GetDouble()).ToList();
            Assert.NotEmpty(kw);
            Assert.All(kw, v => Assert.True(double.IsFinite(v) && v >= 0, $"{site}: a limit of {v} kW"));
            Assert.Equal(90, kw[0]);
        }
    }

    /// <summary>
    /// Kestrel refuses a request line it will not parse (a NUL byte in the path, say) itself, before any application code
    /// runs: 400, no body, and the connection closed. No middleware can give that answer a body; counted, not failed.
    /// </summary>
    private static bool RefusedByHttpServer(HttpResponseMessage response, string body) =>
        (int)response.StatusCode == 400 && body.Length == 0 && response.Headers.ConnectionClose == true && response.Content.Headers.ContentType is null;

    /// <summary>Null when a refusal is a JSON object naming the problem; otherwise what is wrong with it.</summary>
    private static string? Problem(HttpResponseMessage response, string body)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is null || !(type == "application/json" || type.EndsWith("+json", StringComparison.Ordinal))) return $"has content type '{type}'";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "is not a JSON object";
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0) return null;
            string[] named = (int)response.StatusCode == 400 ? ["message", "detail", "error_description", "error"] : ["message", "detail", "error_description", "error", "title"];
            return named.Any(n => root.TryGetProperty(n, out var v) && v.ValueKind == JsonValueKind.String && v.GetString()!.Length > 0)
                ? null : "names no problem";
        }
        catch (JsonException)
        {
            return "is not JSON";
        }
    }

    /// <summary>
    /// The first 300 characters of <paramref name="text"/>, never cutting a surrogate pair in two (a hostile body is full of
    /// them, and half a pair cannot be written to the campaign's UTF-8 file).
    /// </summary>
    private static string Shorten(string text, bool ellipsis = true)
    {
        if (text.Length <= 300) return text;
        var cut = char.IsHighSurrogate(text[299]) ? 299 : 300;
        return text[..cut] + (ellipsis ? "…" : "");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
}
