using System.Globalization;
using System.Text.Json.Nodes;
using CsCheck;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Tests.Wire;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>For any valid forecast, any property at any depth given twice, with any second value, is refused at its path.</summary>
public sealed class DuplicatePropertyProperties
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static Gen<string> OneOf(params string[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<string> GenGroupId =
        Gen.Char["ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"].Array[1, 64].Select(c => new string(c));

    /// <summary>A capacity as a JSON number or as a numeric string (both are read).</summary>
    private static readonly Gen<JsonNode> GenCapacity = Gen.OneOf(
        Gen.Double[0, 10_000].Select(kw => (JsonNode)JsonValue.Create(kw)),
        Gen.Int[0, 5_000].Select(kw => (JsonNode)JsonValue.Create(kw)),
        Gen.Int[0, 5_000].Select(kw => (JsonNode)JsonValue.Create(kw.ToString(CultureInfo.InvariantCulture))));

    private static readonly Gen<(JsonNode Capacity, string Phase, string Unit, int Gap, int Minutes)> GenBlock = Gen.Select(
        GenCapacity, OneOf("UNKNOWN", "ONE", "TWO", "THREE", "ALL"), OneOf("A", "W", "KW", "WH", "KWH"), Gen.Int[0, 30], Gen.Int[1, 120]);

    /// <summary>Valid UpdateGroupCapacityForecast bodies: blocks one after another, so never overlapping.</summary>
    private static readonly Gen<string> GenForecast = Gen.Select(
            GenGroupId, OneOf("CONSUMPTION", "GENERATION", "FALLBACK_CONSUMPTION", "FALLBACK_GENERATION", "OPTIMUM"), GenBlock.Array[1, 6])
        .Select((groupId, type, blocks) =>
        {
            var start = T0;
            var array = new JsonArray();
            foreach (var block in blocks)
            {
                start = start.AddMinutes(block.Gap);
                var end = start.AddMinutes(block.Minutes);
                array.Add(new JsonObject
                {
                    ["capacity"] = block.Capacity.DeepClone(),
                    ["phase"] = block.Phase,
                    ["unit"] = block.Unit,
                    ["start_time"] = start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["end_time"] = end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                });
                start = end;
            }

            return new JsonObject { ["group_id"] = groupId, ["type"] = type, ["forecasted_blocks"] = array }.ToJsonString();
        });

    /// <summary>The second copy: the same value again (null), a negative or huge capacity, another type, nothing, a structure.</summary>
    private static readonly Gen<string?> GenCopy = OneOf("same", "-1", "1e999", "\"GENERATION\"", "null", "{}", "[{\"capacity\":1}]")
        .Select(copy => copy == "same" ? null : copy);

    [Fact]
    public void A_valid_forecast_is_read_and_any_repeated_property_is_refused_at_its_path() =>
        Gen.Select(GenForecast, Gen.Int[0, int.MaxValue], GenCopy, Gen.Bool).Sample((forecast, pick, copy, atEnd) =>
        {
            Assert.True(OscpValidator.TryRead<UpdateGroupCapacityForecast>(forecast, PeerProfile.Oscp, out var read, out var valid), $"{valid}: {forecast}");
            Assert.NotNull(read);

            var paths = JsonDuplicates.PropertyPaths(forecast);
            var path = paths[pick % paths.Count];
            var duplicated = JsonDuplicates.Duplicate(forecast, path, copy, atEnd);

            var refused = OscpValidator.TryRead<UpdateGroupCapacityForecast>(duplicated, PeerProfile.Oscp, out var message, out var result);

            Assert.False(refused, duplicated);
            Assert.Null(message);
            Assert.Equal([$"{path}: appears twice in the object"], result.Errors);
        });
}
