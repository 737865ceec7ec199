using System.Globalization;
using System.Text;

namespace OscpFleet.Oscp.Metering;

/// <summary>
/// A compact, lossless text form of a batch of meter samples for append-only storage: one line per sample,
/// <c>chargerId TAB unix-ticks TAB energyWh TAB powerW TAB reset(0|1)</c>, doubles in round-trip form, UTF-8.
/// Charger ids never hold tabs or line breaks (the gateway's id rule), so no escaping is needed.
/// </summary>
public static class MeterBatchCodec
{
    /// <summary>The batch as UTF-8 bytes.</summary>
    public static byte[] Encode(IReadOnlyList<MeterSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var text = new StringBuilder(samples.Count * 64);
        foreach (var s in samples)
        {
            if (s.ChargerId.AsSpan().IndexOfAny('\t', '\n', '\r') >= 0)
                throw new ArgumentException($"charger id '{s.ChargerId}' holds a tab or line break", nameof(samples));
            text.Append(s.ChargerId).Append('\t')
                .Append(s.At.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\t')
                .Append(s.EnergyWh.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
                .Append(s.PowerW.ToString("R", CultureInfo.InvariantCulture)).Append('\t')
                .Append(s.RegisterReset ? '1' : '0').Append('\n');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The batch <paramref name="utf8"/> holds.</summary>
    /// <exception cref="FormatException">A line is not a sample.</exception>
    public static IReadOnlyList<MeterSample> Decode(ReadOnlySpan<byte> utf8)
    {
        var samples = new List<MeterSample>();
        foreach (var line in Encoding.UTF8.GetString(utf8).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split('\t');
            if (f.Length != 5) throw new FormatException($"not a meter sample line: '{line}'");
            samples.Add(new MeterSample(
                f[0],
                new DateTimeOffset(long.Parse(f[1], CultureInfo.InvariantCulture), TimeSpan.Zero),
                double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture),
                f[4] == "1"));
        }

        return samples;
    }
}
