using System.Text;
using System.Text.Json;
using CsCheck;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// <see cref="PlainJson"/> lets the validator skip the unreadable-text and duplicate-name walks: whenever it says plain,
/// those walks must find nothing; and an ordinary body (no escapes, no repeats) must be plain, or nothing is gained.
/// </summary>
public sealed class PlainJsonProperties
{
    // Names and strings: plain ones, escaped ones (the same name written another way), a lone surrogate, non-ASCII.
    private static readonly Gen<string> GenText = Gen.OneOf(
        Gen.Char["abcxyz_"].Array[1, 4].Select(c => new string(c)),
        Gen.Const("a"),
        Gen.Const("\\u0061"),
        Gen.Const("\\ud800"),
        Gen.Const("\\n"),
        Gen.Const("é"),
        Gen.Const("\\u00e9"));

    private static readonly Gen<string> GenLeaf = Gen.OneOf(
        GenText.Select(t => $"\"{t}\""),
        Gen.Int[-5, 500].Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Const("true"),
        Gen.Const("null"));

    private static Gen<string> GenValue(int depth) => depth == 0
        ? GenLeaf
        : Gen.Frequency(
            (3, GenLeaf),
            (1, GenValue(depth - 1).Array[0, 4].Select(items => "[" + string.Join(",", items) + "]")),
            (2, Gen.Select(GenText, GenValue(depth - 1)).Array[0, 5].Select(members => "{" + string.Join(",", members.Select(m => $"\"{m.Item1}\":{m.Item2}")) + "}")));

    private static bool NothingToReport(JsonElement root) =>
        UnreadableText.Find(root, "$", (p, n) => p + "." + n, (p, i) => $"{p}[{i}]").Count == 0
        && DuplicateProperties.Find(root, "$", (p, n) => p + "." + n, (p, i) => $"{p}[{i}]", StringComparer.Ordinal).Count == 0;

    [Fact]
    public void A_plain_body_has_nothing_the_text_walks_would_report()
    {
        var plainSeen = 0;
        var notPlainSeen = 0;
        GenValue(3).Sample(json =>
        {
            using var document = JsonDocument.Parse(json);
            var plain = PlainJson.IsPlain(document.RootElement);
            if (plain) plainSeen++;
            else notPlainSeen++;
            return !plain || NothingToReport(document.RootElement);
        }, iter: 20_000);
        Assert.True(plainSeen > 1000 && notPlainSeen > 1000, $"plain {plainSeen}, not plain {notPlainSeen}");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_never_plain()
    {
        var json = Encoding.UTF8.GetBytes("""{"group_id":"AB","type":"CONSUMPTION"}""");
        json[14] = 0xC3; // a lead byte without its continuation

        using var document = JsonDocument.Parse(json);

        Assert.False(PlainJson.IsPlain(document.RootElement));
        Assert.False(NothingToReport(document.RootElement));
    }

    [Fact]
    public void A_forecast_as_a_cp_sends_it_is_plain()
    {
        using var document = JsonDocument.Parse(OscpExamples.UpdateGroupCapacityForecast);

        Assert.True(PlainJson.IsPlain(document.RootElement));
    }

    [Theory]
    [InlineData("""{"group_id":"A","group_id":"B"}""")]
    [InlineData("""{"group_id":"A","group\u005fid":"B"}""")]
    [InlineData("""{"a":[{"x":1,"y":2,"x":3}]}""")]
    public void A_name_given_twice_is_not_plain_and_the_validator_still_names_it(string json)
    {
        using var document = JsonDocument.Parse(json);

        Assert.False(PlainJson.IsPlain(document.RootElement));
        var result = OscpValidator.Validate(OscpMessageKind.UpdateGroupCapacityForecast, json, PeerProfile.Vector);
        Assert.Contains(result.Errors, p => p.Contains(DuplicateProperties.Reason, StringComparison.Ordinal));
    }
}
