using System.Text.Json;
using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>
/// A stored schedule or timeline as <b>runs</b>: entries that follow one another without a gap, last equally long and
/// share source and request id are written as one object of the entry's shape whose <c>start</c> is the first entry's,
/// whose <c>end</c> is the last one's and whose <c>kw</c> is the array of their kW, in order. A 96-block forecast is then
/// one object instead of 96 (~0.6 KB instead of ~14 KB), and still readable. An entry alone keeps its object with a
/// number for <c>kw</c>, which is exactly what was stored before runs, so state written earlier reads unchanged.
/// Lossless: entry <c>i</c> of a run of <c>n</c> starts at <c>start + i·(end − start)/n</c> to the tick; a run whose span
/// does not divide into <c>n</c> equal ticks is refused as corrupt.
/// </summary>
internal static class IntervalRunsJson
{
    /// <summary>One entry, whichever type holds it.</summary>
    public readonly record struct Interval(long StartTicks, long EndTicks, double Kw, LimitSource Source, string? RequestId);

    /// <summary>Writes <paramref name="entries"/> as runs; <paramref name="withSource"/> writes each run's source.</summary>
    public static void Write(Utf8JsonWriter writer, IReadOnlyList<Interval> entries, bool withSource, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var first = 0;
        while (first < entries.Count)
        {
            var run = entries[first];
            var length = run.EndTicks - run.StartTicks;
            var last = first;
            while (last + 1 < entries.Count && Continues(entries[last], entries[last + 1], length, run))
            {
                last++;
            }

            writer.WriteStartObject();
            writer.WriteString(IntervalJson.Name(options, IntervalJson.Start), new DateTimeOffset(run.StartTicks, TimeSpan.Zero));
            writer.WriteString(IntervalJson.Name(options, IntervalJson.End), new DateTimeOffset(entries[last].EndTicks, TimeSpan.Zero));
            if (last == first)
            {
                writer.WriteNumber(IntervalJson.Name(options, IntervalJson.Kw), run.Kw);
            }
            else
            {
                writer.WriteStartArray(IntervalJson.Name(options, IntervalJson.Kw));
                for (var i = first; i <= last; i++) writer.WriteNumberValue(entries[i].Kw);
                writer.WriteEndArray();
            }

            if (withSource)
            {
                writer.WritePropertyName(IntervalJson.Name(options, IntervalJson.Source));
                JsonSerializer.Serialize(writer, run.Source, options);
            }

            IntervalJson.WriteRequestId(writer, run.RequestId, options);
            writer.WriteEndObject();
            first = last + 1;
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Reads an array of runs (or of single entries, as stored before runs) into entries, in order; equal request ids
    /// share one string.
    /// </summary>
    public static List<Interval> Read(ref Utf8JsonReader reader, JsonSerializerOptions options, bool withSource)
    {
        IntervalJson.Expect(ref reader, JsonTokenType.StartArray);
        var entries = new List<Interval>();
        var kws = new List<double>();
        var ids = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var (start, end, source, requestId) = ReadObject(ref reader, options, kws, withSource);
            requestId = SharedRequestIds.Share(ids, requestId);
            // An entry stored without kW (never written so) reads as 0 kW, as the entry's own converter reads it.
            if (kws.Count == 0) kws.Add(0);
            var span = end.UtcTicks - start.UtcTicks;
            if (span % kws.Count != 0)
            {
                throw new JsonException($"a run of {kws.Count} entries from {start:O} to {end:O} does not divide into equal entries");
            }

            var length = span / kws.Count;
            for (var i = 0; i < kws.Count; i++)
            {
                var entryStart = start.UtcTicks + (i * length);
                entries.Add(new Interval(entryStart, entryStart + length, kws[i], source, requestId));
            }
        }

        IntervalJson.Expect(ref reader, JsonTokenType.EndArray);
        return entries;
    }

    /// <summary>
    /// Reads one object of a run's shape (an entry's, when <paramref name="kws"/> gets one value): names in any case,
    /// unknown ones skipped, <c>source</c> only when <paramref name="withSource"/>; the kW go into <paramref name="kws"/>.
    /// </summary>
    public static (DateTimeOffset Start, DateTimeOffset End, LimitSource Source, string? RequestId) ReadObject(
        ref Utf8JsonReader reader, JsonSerializerOptions options, List<double> kws, bool withSource)
    {
        IntervalJson.Expect(ref reader, JsonTokenType.StartObject);
        DateTimeOffset start = default, end = default;
        LimitSource source = default;
        string? requestId = null;
        kws.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = IntervalJson.Which(ref reader);
            reader.Read();
            switch (property)
            {
                case IntervalJson.Start: start = reader.GetDateTimeOffset(); break;
                case IntervalJson.End: end = reader.GetDateTimeOffset(); break;
                case IntervalJson.Kw: ReadKw(ref reader, kws); break;
                case IntervalJson.Source when withSource: source = JsonSerializer.Deserialize<LimitSource>(ref reader, options); break;
                case IntervalJson.RequestId: requestId = IntervalJson.NullableString(ref reader); break;
                default: reader.Skip(); break;
            }
        }

        IntervalJson.Expect(ref reader, JsonTokenType.EndObject);
        return (start, end, source, requestId);
    }

    /// <summary>Reads one entry's object (see <see cref="ReadObject"/>): one kW, 0 when absent.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End, double Kw, LimitSource Source, string? RequestId) ReadEntry(
        ref Utf8JsonReader reader, JsonSerializerOptions options, bool withSource)
    {
        var kws = new List<double>(1);
        var (start, end, source, requestId) = ReadObject(ref reader, options, kws, withSource);
        if (kws.Count > 1) throw new JsonException($"an entry with {kws.Count} kW values where one was expected");
        return (start, end, kws.Count == 0 ? 0 : kws[0], source, requestId);
    }

    private static void ReadKw(ref Utf8JsonReader reader, List<double> kws)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            kws.Add(reader.GetDouble());
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            kws.Add(reader.GetDouble());
        }

        if (kws.Count == 0) throw new JsonException("a run with an empty kw array");
    }

    private static bool Continues(Interval previous, Interval next, long length, Interval run) =>
        next.StartTicks == previous.EndTicks
        && next.EndTicks - next.StartTicks == length
        && next.Source == run.Source
        && string.Equals(next.RequestId, run.RequestId, StringComparison.Ordinal);
}

/// <summary>A stored schedule (<see cref="ScheduledLimit"/> entries) as runs; see <see cref="IntervalRunsJson"/>.</summary>
public sealed class ScheduleRunsJsonConverter : JsonConverter<IReadOnlyList<ScheduledLimit>>
{
    /// <inheritdoc />
    public override IReadOnlyList<ScheduledLimit> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CompactSchedule.OfRuns(IntervalRuns.Of(IntervalRunsJson.Read(ref reader, options, withSource: true), static e => e));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ScheduledLimit> value, JsonSerializerOptions options) =>
        IntervalRunsJson.Write(writer, (value as CompactSchedule ?? CompactSchedule.Of(value)).Runs, withSource: true, options);
}

/// <summary>A stored forecast timeline (<see cref="TimelineBlock"/> blocks) as runs; see <see cref="IntervalRunsJson"/>.</summary>
public sealed class TimelineRunsJsonConverter : JsonConverter<IReadOnlyList<TimelineBlock>>
{
    /// <inheritdoc />
    public override IReadOnlyList<TimelineBlock> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        CompactTimeline.OfRuns(IntervalRuns.Of(IntervalRunsJson.Read(ref reader, options, withSource: false), static e => e));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<TimelineBlock> value, JsonSerializerOptions options) =>
        IntervalRunsJson.Write(writer, CompactTimeline.Of(value).Runs, withSource: false, options);
}
