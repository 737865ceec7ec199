using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsCheck;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Oscp.Tests.Limits;

/// <summary>
/// The document's repeated elements have converters of their own (<see cref="LimitDocumentIntervalConverter"/>,
/// <see cref="ChargingSchedulePeriodConverter"/>): for any document, the webhook body is byte for byte what
/// System.Text.Json writes for the records without them (camelCase, whole-second UTC times, enums by name), and it
/// reads back equal; an element missing a field is refused, an unknown field skipped.
/// </summary>
public sealed class LimitDocumentElementProperties
{
    // The document's own options, without the two element converters: the shape the generated code gave the elements.
    private static readonly JsonSerializerOptions WithoutElementConverters = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new UtcSecondsConverter() },
    };

    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<LimitDocument> GenDocument =
        Gen.Select(
            Gen.Select(Gen.Int[0, 86_400], Gen.Int[1, 7_200], Gen.OneOf(Gen.Double[0, 1_000], Gen.Const(0.0), Gen.Double), Gen.Enum<LimitReason>()).Array[0, 100],
            Gen.Select(Gen.Int[0, 86_400], Gen.OneOf(Gen.Double[0, 350_000], Gen.Const(0.0), Gen.Double)).Array[1, 100],
            Gen.Enum<LimitReason>(),
            Gen.Long[0, long.MaxValue])
        .Select((intervals, periods, reason, version) => new LimitDocument(
            "SITE_1",
            version,
            T0.AddTicks(1234),
            reason,
            reason == LimitReason.EmergencyStop,
            [.. intervals.Select(i => new LimitDocumentInterval(T0.AddSeconds(i.Item1).AddTicks(99), T0.AddSeconds(i.Item1 + i.Item2), Finite(i.Item3), i.Item4))],
            [new StationChargingProfile("CS-1", new SetChargingProfileRequest(0, new ChargingProfile(1, 0, ChargingProfile.StationMaxPurpose, ChargingProfile.AbsoluteKind,
                [new ChargingSchedule(1, T0, 86_400, ChargingSchedule.Watts, [.. periods.Select(p => new ChargingSchedulePeriod(p.Item1, Finite(p.Item2)))])])))]));

    private static double Finite(double value) => double.IsFinite(value) ? value : 1e300;

    [Fact]
    public void Any_document_is_written_as_without_the_element_converters_and_reads_back_equal()
    {
        GenDocument.Sample(document =>
        {
            var ours = LimitDocumentJson.Serialize(document);
            var generated = JsonSerializer.SerializeToUtf8Bytes(document, WithoutElementConverters);

            Assert.Equal(System.Text.Encoding.UTF8.GetString(generated), System.Text.Encoding.UTF8.GetString(ours));
            var read = LimitDocumentJson.Deserialize(ours);
            Assert.Equal(JsonSerializer.Deserialize<LimitDocument>(generated, WithoutElementConverters), read);
        }, iter: 300);
    }

    [Theory]
    [InlineData("""{"from":"2026-12-04T00:00:00Z","to":"2026-12-04T00:15:00Z","source":"forecast"}""", "'kw' is required")]
    [InlineData("""{"to":"2026-12-04T00:15:00Z","kw":1,"source":"forecast"}""", "'from' is required")]
    [InlineData("""{"from":"2026-12-04T00:00:00Z","to":"2026-12-04T00:15:00Z","kw":1,"source":"solar"}""", "'solar' is not a limit source")]
    [InlineData("""{"from":"2026-12-04T00:00:00Z","to":"2026-12-04T00:15:00Z","kw":"1","source":"forecast"}""", "")]
    [InlineData("""[1]""", "expected an object")]
    public void An_entry_that_does_not_fit_is_refused(string entry, string reason)
    {
        var body = $$"""{"groupId":"S","version":1,"issuedAt":"2026-12-04T00:00:00Z","reason":"forecast","emergencyStop":false,"schedule":[{{entry}}],"ocpp":[]}""";

        var refused = Assert.Throws<JsonException>(() => LimitDocumentJson.Deserialize(body));

        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_of_an_element_are_skipped()
    {
        var body = """{"groupId":"S","version":1,"issuedAt":"2026-12-04T00:00:00Z","reason":"forecast","emergencyStop":false,"schedule":[{"note":{"a":[1]},"from":"2026-12-04T00:00:00Z","to":"2026-12-04T00:15:00Z","kw":1.5,"source":"base_doe"}],"ocpp":[{"chargingStationId":"C","setChargingProfileRequest":{"evseId":0,"chargingProfile":{"id":1,"stackLevel":0,"chargingProfilePurpose":"ChargingStationMaxProfile","chargingProfileKind":"Absolute","chargingSchedule":[{"id":1,"startSchedule":"2026-12-04T00:00:00Z","duration":900,"chargingRateUnit":"W","chargingSchedulePeriod":[{"startPeriod":0,"numberPhases":3,"limit":7000}]}]}}}]}""";

        var read = LimitDocumentJson.Deserialize(body);

        Assert.Equal(new LimitDocumentInterval(T0, T0.AddMinutes(15), 1.5, LimitReason.BaseDoe), Assert.Single(read.Schedule));
        Assert.Equal(new ChargingSchedulePeriod(0, 7000), Assert.Single(read.Ocpp[0].SetChargingProfileRequest.ChargingProfile.ChargingSchedule[0].ChargingSchedulePeriod));
    }
}
