using System.Globalization;
using System.Text.Json;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// The samples both sides get, as <c>POST /api/v1/meter-values</c> bodies (<c>{"sites":[{"groupId","samples":[…]}]}</c>),
/// built before any timing. Every charger draws a constant 5.4 kW, so its register is a function of the time alone:
/// always increasing, never a breach of the sites' 100 kW base DOE, and the same sample is the same wherever it is sent.
/// <list type="bullet">
/// <item>Ingest round <c>r</c> (warm-up first, then measured): one sample per charger of every site at
/// <c>T0 + (r + 1) s</c>, in batches of <c>--batch-sites</c> sites. <c>T0</c> is the start of the product clock's
/// quarter hour, so every round is in the first open period and at most 5 minutes ahead of the clock.</item>
/// <item>Period samples: <c>--period-samples</c> per charger, spread over [<c>S + 320 s</c>, <c>S + 15 min</c>) of the
/// period starting at <c>S</c>, after any ingest sample.</item>
/// </list>
/// </summary>
internal static class SamplePlan
{
    /// <summary>Where the period samples start in a period, in seconds (after the last possible ingest sample).</summary>
    public const int PeriodSamplesFrom = 320;

    /// <summary>Each charger's constant draw, in W.</summary>
    public const double PowerW = 5_400;

    /// <summary>Group ids of the benchmark's sites.</summary>
    public static string[] Sites(int count) => [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"METER_{i:00000}"))];

    /// <summary>Charger <paramref name="index"/> (0-based) of a site.</summary>
    public static string Charger(string groupId, int index) => string.Create(CultureInfo.InvariantCulture, $"{groupId}-CS{index + 1}");

    /// <summary>
    /// Ingest rounds: round r is every site's chargers sampled at <c>t0 + (r + 1) s</c>, as one body per batch of
    /// <paramref name="batchSites"/> sites.
    /// </summary>
    public static byte[][][] IngestRounds(IReadOnlyList<string> sites, int chargers, int batchSites, DateTimeOffset t0, int rounds) =>
        [.. Enumerable.Range(0, rounds).Select(r => Batches(sites, chargers, batchSites, t0, [t0.AddSeconds(r + 1)]))];

    /// <summary>The period samples of the period starting at <paramref name="start"/>, as bodies of <paramref name="batchSites"/> sites.</summary>
    public static byte[][] Period(IReadOnlyList<string> sites, int chargers, int batchSites, DateTimeOffset t0, DateTimeOffset start, int perCharger)
    {
        var step = (15 * 60 - PeriodSamplesFrom) / perCharger;
        DateTimeOffset[] times = [.. Enumerable.Range(0, perCharger).Select(i => start.AddSeconds(PeriodSamplesFrom + (i * step)))];
        return Batches(sites, chargers, batchSites, t0, times);
    }

    /// <summary>Samples per body of <see cref="IngestRounds"/>, for the rates.</summary>
    public static int SamplesIn(int sites, int chargers, int samplesPerCharger) => sites * chargers * samplesPerCharger;

    private static byte[][] Batches(IReadOnlyList<string> sites, int chargers, int batchSites, DateTimeOffset t0, IReadOnlyList<DateTimeOffset> times) =>
        [.. sites.Chunk(batchSites).Select(chunk => Body(chunk, chargers, t0, times))];

    private static byte[] Body(IReadOnlyList<string> sites, int chargers, DateTimeOffset t0, IReadOnlyList<DateTimeOffset> times)
    {
        using var buffer = new MemoryStream(sites.Count * chargers * times.Count * 96);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("sites");
            foreach (var site in sites)
            {
                json.WriteStartObject();
                json.WriteString("groupId", site);
                json.WriteStartArray("samples");
                foreach (var at in times)
                {
                    for (var c = 0; c < chargers; c++)
                    {
                        json.WriteStartObject();
                        json.WriteString("chargerId", Charger(site, c));
                        json.WriteString("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                        json.WriteNumber("energyWh", EnergyWh(c, t0, at));
                        json.WriteNumber("powerW", PowerW);
                        json.WriteEndObject();
                    }
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    // 5.4 kW is 1.5 Wh a second; each charger's register starts at its own reading.
    private static double EnergyWh(int charger, DateTimeOffset t0, DateTimeOffset at) => 1_000_000 + (100_000 * charger) + (1.5 * (at - t0).TotalSeconds);
}
