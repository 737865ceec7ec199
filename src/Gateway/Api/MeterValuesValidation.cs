using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Checks meter-value bodies from the CSMS completely and names every problem with its path
/// (<c>sites[1].samples[3].at: …</c>). Pure: the body's bytes and the product clock's <c>now</c> in, samples or
/// problems out. Units are fixed by the field names (<c>energyWh</c> in Wh, <c>powerW</c> in W); any other field is an
/// error, so a CSMS sending kWh or kW is refused rather than misread.
/// </summary>
public static partial class MeterValuesValidation
{
    /// <summary>Most samples for one site in one request.</summary>
    public const int MaxSamplesPerSite = OscpFleet.Grains.Sites.MeterLimits.MaxPendingSamples;

    /// <summary>Most samples in one <c>POST /api/v1/meter-values</c> request, all sites together.</summary>
    public const int MaxSamplesPerRequest = 50_000;

    /// <summary>How far a sample's <c>at</c> may be ahead of the product clock (the CSMS's clock may run a little fast).</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromMinutes(5);

    /// <summary>The reason given for a sample field other than chargerId, at, energyWh and powerW.</summary>
    public const string UnknownSampleField = "unknown field; energy is energyWh (Wh), power is powerW (W)";

    /// <summary>The reason given for an invalid charger id.</summary>
    public const string ChargerIdRule = "must be 1-64 characters: letters, digits, '_', '-', '.' or ':'";

    private static readonly string[] SampleFields = ["chargerId", "at", "energyWh", "powerW", "registerReset"];
    private static readonly string[] SiteBodyFields = ["samples"];
    private static readonly string[] FleetBodyFields = ["sites"];
    private static readonly string[] SiteEntryFields = ["groupId", "samples"];

    [GeneratedRegex(@"^[A-Za-z0-9_.:-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ChargerId();

    /// <summary>
    /// <c>POST /api/v1/sites/{groupId}/meter-values</c>: <c>{"samples":[…]}</c>. The samples (UTC, identical repeats
    /// dropped) when the group id and the whole body are valid; otherwise every problem.
    /// </summary>
    public static (IReadOnlyList<MeterSample>? Samples, IReadOnlyList<string> Errors) ValidateSite(
        string groupId, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var problems = new ProblemSink();
        ApiJson.CheckGroupId(groupId, problems);
        List<MeterSample>? samples = null;
        using (var document = ApiJson.Parse(body, problems))
        {
            if (document is not null && ApiJson.RootObject(document, problems) is { } root)
            {
                var fields = ApiJson.Fields(root, "", SiteBodyFields, "unknown field; the body is {\"samples\":[…]}", problems);
                samples = ReadSamples(fields, "", now, problems);
            }
        }
        return problems.Count == 0 && samples is not null ? (samples, []) : (null, problems.ToList());
    }

    /// <summary>
    /// <c>POST /api/v1/meter-values</c>: <c>{"sites":[{"groupId","samples":[…]}]}</c>. Every site's samples when the
    /// whole body is valid (each group id once, at most <see cref="MaxSamplesPerRequest"/> samples in all); otherwise
    /// every problem.
    /// </summary>
    public static (IReadOnlyList<SiteMeterValues>? Sites, IReadOnlyList<string> Errors) ValidateFleet(
        ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        var problems = new ProblemSink();
        var sites = new List<SiteMeterValues>();
        using (var document = ApiJson.Parse(body, problems))
        {
            if (document is not null && ApiJson.RootObject(document, problems) is { } root)
            {
                var fields = ApiJson.Fields(root, "", FleetBodyFields, "unknown field; the body is {\"sites\":[{\"groupId\",\"samples\"}]}", problems);
                ReadSites(fields, now, problems, sites);
            }
        }
        return problems.Count == 0 ? (sites, []) : (null, problems.ToList());
    }

    private static void ReadSites(Dictionary<string, JsonElement> fields, DateTimeOffset now, ProblemSink problems, List<SiteMeterValues> sites)
    {
        if (!fields.TryGetValue("sites", out var array))
        {
            problems.Add("sites", "is required");
            return;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add("sites", "must be an array of {\"groupId\",\"samples\"}");
            return;
        }
        if (array.GetArrayLength() == 0) problems.Add("sites", "must hold at least one site");

        // The total first, so it is listed even when the samples bring many other problems.
        var total = array.EnumerateArray()
            .Where(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("samples", out var x) && x.ValueKind == JsonValueKind.Array)
            .Sum(s => (long)s.GetProperty("samples").GetArrayLength());
        if (total > MaxSamplesPerRequest)
            problems.Add("sites", $"at most {MaxSamplesPerRequest} samples in total per request (got {total})");

        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var entry in array.EnumerateArray())
        {
            var path = ApiJson.Index("sites", index);
            if (entry.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, "must be an object {\"groupId\",\"samples\"}");
                index++;
                continue;
            }
            var entryFields = ApiJson.Fields(entry, path, SiteEntryFields, "unknown field; a site is {\"groupId\",\"samples\"}", problems);
            var groupId = ApiJson.RequiredString(entryFields, "groupId", path, problems);
            if (groupId is not null)
            {
                if (!Identifiers.IsValidGroupId(groupId))
                    problems.Add($"{path}.groupId", ApiJson.GroupIdRule);
                else if (seen.TryGetValue(groupId, out var first))
                    problems.Add($"{path}.groupId", $"'{groupId}' appears twice (first at {ApiJson.Index("sites", first)})");
                else
                    seen[groupId] = index;
            }
            var samples = ReadSamples(entryFields, path, now, problems);
            if (groupId is not null && samples is not null) sites.Add(new SiteMeterValues(index, groupId, samples));
            index++;
        }
    }

    // The "samples" array of an object at parent (the body: ""); null when missing or not an array.
    private static List<MeterSample>? ReadSamples(Dictionary<string, JsonElement> fields, string parent, DateTimeOffset now, ProblemSink problems)
    {
        var path = ApiJson.Property(parent, "samples");
        if (!fields.TryGetValue("samples", out var array))
        {
            problems.Add(path, "is required");
            return null;
        }
        if (array.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, "must be an array of samples");
            return null;
        }
        var count = array.GetArrayLength();
        if (count == 0) problems.Add(path, "must hold at least one sample");
        if (count > MaxSamplesPerSite) problems.Add(path, $"at most {MaxSamplesPerSite} samples per site in one request (got {count})");

        var samples = new List<MeterSample>(Math.Min(count, MaxSamplesPerSite));
        var seen = new Dictionary<(string ChargerId, DateTime At), (int Index, MeterSample Sample)>();
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var itemPath = ApiJson.Index(path, index);
            if (ReadSample(item, itemPath, now, problems) is { } sample)
            {
                var key = (sample.ChargerId, sample.At.UtcDateTime);
                if (!seen.TryGetValue(key, out var earlier))
                {
                    seen[key] = (index, sample);
                    samples.Add(sample);
                }
                else if (earlier.Sample != sample)
                {
                    problems.Add(itemPath, $"chargerId '{sample.ChargerId}' at {Rfc3339.Format(sample.At)} is also {ApiJson.Index(path, earlier.Index)} with different values");
                }
                // An identical repeat is dropped: it would count once anyway.
            }
            index++;
        }
        return samples;
    }

    private static MeterSample? ReadSample(JsonElement item, string path, DateTimeOffset now, ProblemSink problems)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, "must be an object {\"chargerId\",\"at\",\"energyWh\",\"powerW\"}");
            return null;
        }
        var before = problems.Count;
        var fields = ApiJson.Fields(item, path, SampleFields, UnknownSampleField, problems);

        var chargerId = ApiJson.RequiredString(fields, "chargerId", path, problems);
        if (chargerId is not null && !ChargerId().IsMatch(chargerId))
        {
            problems.Add($"{path}.chargerId", ChargerIdRule);
            chargerId = null;
        }

        var at = ApiJson.RequiredTime(fields, "at", path, problems);
        if (at is { } time && time - now > MaxAhead)
        {
            problems.Add($"{path}.at",
                $"is {ApiJson.Number((time - now).TotalSeconds)} s ahead of the gateway's clock (now {Rfc3339.Format(now)}); at most {MaxAhead.TotalSeconds} s ahead is accepted");
            at = null;
        }

        var energy = ApiJson.RequiredNonNegativeNumber(fields, "energyWh", "Wh", path, problems);
        var power = ApiJson.RequiredNonNegativeNumber(fields, "powerW", "W", path, problems);
        var reset = false;
        if (fields.TryGetValue("registerReset", out var resetValue))
        {
            if (resetValue.ValueKind is JsonValueKind.True or JsonValueKind.False) reset = resetValue.GetBoolean();
            else problems.Add($"{path}.registerReset", "must be true or false");
        }

        return problems.Count == before && chargerId is not null && at is not null && energy is not null && power is not null
            ? new MeterSample(chargerId, at.Value.ToUniversalTime(), energy.Value, power.Value, reset)
            : null;
    }
}

/// <summary>One site's part of a <c>POST /api/v1/meter-values</c> request, after validation.</summary>
/// <param name="Index">Its position in <c>sites</c> (for error paths such as <c>sites[2].groupId</c>).</param>
/// <param name="GroupId">The site.</param>
/// <param name="Samples">Its samples (UTC, identical repeats dropped).</param>
public sealed record SiteMeterValues(int Index, string GroupId, IReadOnlyList<MeterSample> Samples);
