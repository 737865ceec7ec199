using CsCheck;
using OscpFleet.Oscp.Metering;

namespace OscpFleet.Oscp.Tests.Metering;

public sealed class MeterBatchCodecTests
{
    private static readonly Gen<MeterSample> GenSample = Gen.Select(
        Gen.String[Gen.Char["A-Za-z0-9_.:-"], 1, 64],
        Gen.Long[0, DateTimeOffset.MaxValue.UtcTicks],
        Gen.Double[0, 1e12],
        Gen.Double[0, 1e7],
        Gen.Bool,
        (id, ticks, energy, power, reset) => new MeterSample(id, new DateTimeOffset(ticks, TimeSpan.Zero), energy, power, reset));

    [Fact]
    public void A_batch_comes_back_exactly_as_it_was_stored() =>
        GenSample.Array[0, 200].Sample(samples =>
            Assert.Equal(samples, MeterBatchCodec.Decode(MeterBatchCodec.Encode(samples))));

    [Fact]
    public void Five_thousand_samples_fit_one_log_entry_with_room_to_spare() =>
        Assert.InRange(
            MeterBatchCodec.Encode([.. Enumerable.Range(0, 5_000).Select(i => new MeterSample(new string('C', 64), DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(i), 123_456_789.123456 + i, 350_000.25, i % 2 == 0))]).Length,
            1,
            15 * 64 * 1024);

    [Fact]
    public void A_line_that_is_no_sample_is_refused() =>
        Assert.Throws<FormatException>(() => MeterBatchCodec.Decode("CS-1\t1\t2\n"u8));
}
