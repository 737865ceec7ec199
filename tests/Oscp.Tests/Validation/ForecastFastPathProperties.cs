using System.Globalization;
using System.Text;
using System.Text.Json;
using CsCheck;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// The forecast fast path (<c>ForecastFastPath</c>) against the full validator and the typed reader, over forecasts as
/// a CP sends them (back-to-back blocks, any phases, units, offsets, number spellings) and over each of them with one
/// mutation (blocks swapped or overlapping, a time reversed or unparseable, a negative, huge or quoted capacity, a
/// property added, dropped, doubled or escaped, a bad enum or group id, trailing text): a body it answers is one the
/// full validator accepts, read to the same message; every unmutated forecast is answered (so the fast path is the
/// one the DOE path takes); through <see cref="OscpValidator.TryRead{T}(ReadOnlyMemory{byte}, PeerProfile, out T, out ValidationResult)"/>
/// a refused body gets exactly the full validator's problems.
/// </summary>
public sealed class ForecastFastPathProperties
{
    private static readonly string[] PhaseNames = ["UNKNOWN", "ONE", "TWO", "THREE", "ALL"];
    private static readonly string[] UnitNames = ["A", "W", "KW", "WH", "KWH"];
    private static readonly string[] TypeNames = ["CONSUMPTION", "GENERATION", "FALLBACK_CONSUMPTION", "FALLBACK_GENERATION", "OPTIMUM"];
    private static readonly TimeSpan[] Offsets = [TimeSpan.Zero, TimeSpan.FromHours(13), TimeSpan.FromHours(-3.5), TimeSpan.FromMinutes(45)];

    private sealed record Block(string Capacity, string Phase, string Unit, DateTimeOffset Start, DateTimeOffset End);

    private static readonly Gen<string> GenCapacity = Gen.OneOf(
        Gen.Int[0, 500].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        Gen.Double[0, 1000].Select(d => d.ToString("R", CultureInfo.InvariantCulture)),
        Gen.OneOf(Gen.Const("0"), Gen.Const("0.0"), Gen.Const("1e3"), Gen.Const("2.5E-2"), Gen.Const("1e-400"), Gen.Const("100.000")));

    // Per phase, back to back from a common start, 1 to 60 minutes each; listed in start order.
    private static readonly Gen<(string Type, string GroupId, Block[] Blocks)> GenForecast =
        Gen.Select(
            Gen.Int[0, TypeNames.Length - 1],
            Gen.String[Gen.Char["A-Za-z0-9_-"], 1, 64],
            Gen.Select(GenCapacity, Gen.Int[0, PhaseNames.Length - 1], Gen.Int[0, UnitNames.Length - 1], Gen.Int[1, 60], Gen.Int[0, Offsets.Length - 1]).Array[1, 120])
        .Select((type, groupId, raw) =>
        {
            var t0 = new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);
            var next = new Dictionary<int, DateTimeOffset>();
            var blocks = raw.Select(r =>
            {
                var (capacity, phase, unit, minutes, offset) = r;
                var start = next.GetValueOrDefault(phase, t0);
                next[phase] = start.AddMinutes(minutes);
                return new Block(capacity, PhaseNames[phase], UnitNames[unit], start.ToOffset(Offsets[offset]), start.AddMinutes(minutes).ToOffset(Offsets[(offset + 1) % Offsets.Length]));
            }).OrderBy(b => b.Start).ToArray();
            return (TypeNames[type], groupId, blocks);
        });

    private static string Json(string type, string groupId, IEnumerable<string> blocks, string extra = "") =>
        $$"""{"group_id":"{{groupId}}","type":"{{type}}","forecasted_blocks":[{{string.Join(",", blocks)}}]{{extra}}}""";

    private static string BlockJson(Block b, string extra = "") =>
        $$"""{"capacity":{{b.Capacity}},"phase":"{{b.Phase}}","unit":"{{b.Unit}}","start_time":"{{Rfc3339.Format(b.Start)}}","end_time":"{{Rfc3339.Format(b.End)}}"{{extra}}}""";

    // One mutation of a forecast's JSON, by number; some leave it valid (then the fast path may or may not answer).
    private static string Mutate(string type, string groupId, Block[] blocks, int mutation, int at)
    {
        var i = at % blocks.Length;
        var texts = blocks.Select(b => BlockJson(b)).ToList();
        var b = blocks[i];
        switch (mutation)
        {
            case 0: if (blocks.Length > 1) (texts[0], texts[^1]) = (texts[^1], texts[0]); break;
            case 1: texts.Add(BlockJson(b with { Start = b.Start.AddMinutes(-1) })); break;
            case 2: texts[i] = BlockJson(b with { Start = b.End, End = b.Start }); break;
            case 3: texts[i] = BlockJson(b with { Capacity = "-1" }); break;
            case 4: texts[i] = BlockJson(b with { Capacity = "-0" }); break;
            case 5: texts[i] = BlockJson(b with { Capacity = "1e400" }); break;
            case 6: texts[i] = BlockJson(b with { Capacity = "\"12\"" }); break;
            case 7: texts[i] = BlockJson(b, ",\"note\":1"); break;
            case 8: texts[i] = BlockJson(b).Replace(",\"unit\":\"" + b.Unit + "\"", "", StringComparison.Ordinal); break;
            case 9: texts[i] = BlockJson(b, ",\"phase\":\"" + b.Phase + "\""); break;
            case 10: texts[i] = BlockJson(b).Replace("\"phase\"", "\"ph\\u0061se\"", StringComparison.Ordinal); break;
            case 11: texts[i] = BlockJson(b with { Phase = b.Phase.ToLowerInvariant() }); break;
            case 12: texts[i] = BlockJson(b).Replace(Rfc3339.Format(b.Start), "2026-12-04T00:00:00", StringComparison.Ordinal); break;
            case 13: return Json(type, groupId + "/", texts);
            case 14: return Json(type, groupId, texts) + " x";
            case 15: return Json(type, groupId, texts, ",\"group_id\":\"OTHER\"");
            case 16: return Json(type.ToLowerInvariant(), groupId, texts);
            case 17: return Json(type, groupId, []);
            case 18: return "  " + Json(type, groupId, texts).Replace(",", " ,\n ", StringComparison.Ordinal) + "\n";
            case 19: texts[i] = BlockJson(b with { Capacity = "1.5e308" }); break;
            default: texts[i] = BlockJson(b).Replace(b.Phase, b.Phase.Replace("O", "\\u004F", StringComparison.Ordinal), StringComparison.Ordinal); break;
        }

        return Json(type, groupId, texts);
    }

    [Fact]
    public void Every_usual_forecast_is_answered_as_the_typed_reader_reads_it()
    {
        GenForecast.Sample(f =>
        {
            var body = Json(f.Type, f.GroupId, f.Blocks.Select(b => BlockJson(b)));

            Assert.True(ForecastFastPath.TryRead(Encoding.UTF8.GetBytes(body), out var fast), body);
            AssertSameAsFullValidator(body, fast);
        });
    }

    [Fact]
    public void A_mutated_forecast_is_answered_only_when_the_full_validator_accepts_it_and_refusals_name_the_same_problems()
    {
        var answered = 0;
        var refused = 0;
        Gen.Select(GenForecast, Gen.Int[0, 20], Gen.Int[0, 1000]).Sample((f, mutation, at) =>
        {
            var body = Mutate(f.Type, f.GroupId, f.Blocks, mutation, at);
            var utf8 = Encoding.UTF8.GetBytes(body);
            if (ForecastFastPath.TryRead(utf8, out var fast))
            {
                Interlocked.Increment(ref answered);
                AssertSameAsFullValidator(body, fast);
                return;
            }

            // Not answered here: TryRead gives exactly the full validator's answer.
            var read = OscpValidator.TryRead<UpdateGroupCapacityForecast>(utf8.AsMemory(), PeerProfile.Vector, out var message, out var result);
            var full = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, utf8.AsMemory(), PeerProfile.Vector);
            Assert.Equal(full.Errors, result.Errors);
            Assert.Equal(full.IsValid, read);
            if (!read) Interlocked.Increment(ref refused);
            else Assert.NotNull(message);
        }, iter: 3_000);

        Assert.True(answered > 100, $"answered {answered}");
        Assert.True(refused > 1_000, $"refused {refused}");
    }

    private static void AssertSameAsFullValidator(string body, UpdateGroupCapacityForecast fast)
    {
        using var document = JsonDocument.Parse(body);
        foreach (var profile in new[] { PeerProfile.Vector, PeerProfile.Oscp })
        {
            var full = OscpValidator.ValidateWithPaths(OscpMessageKind.UpdateGroupCapacityForecast, document.RootElement, profile);
            Assert.True(full.IsValid, $"{body}\n  full validator: {full}");
        }

        var typed = OscpJson.Deserialize<UpdateGroupCapacityForecast>(document.RootElement);
        Assert.Equal((typed.GroupId, typed.Type), (fast.GroupId, fast.Type));
        Assert.Equal(typed.ForecastedBlocks, fast.ForecastedBlocks);
        Assert.All(typed.ForecastedBlocks.Zip(fast.ForecastedBlocks), p => Assert.Equal(p.First.StartTime.Offset, p.Second.StartTime.Offset));
    }
}
