using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// The DOE path's reader: an <c>UpdateGroupCapacityForecast</c> checked and read in one pass over its UTF-8 bytes, with
/// no document built. It answers only for a body of the plain, usual shape: exactly the three properties and, in every
/// block, exactly the five, each once and unescaped; <c>capacity</c> a non-negative finite JSON number; the enums and
/// times as <see cref="OscpValidator"/> accepts them; a valid <c>group_id</c>; at most
/// <see cref="OscpValidator.MaxArrayItems"/> blocks, each ending after it starts and, per phase, starting no earlier
/// than the previous one of that phase ended (so none overlaps). For such a body every rule of the full validator holds,
/// and the message is the one the typed reader gives. Anything else — any problem, and also anything merely unusual
/// (blocks out of order, a numeric string, an extra property) — is not answered here: the caller runs the full
/// validator, which says what is wrong and where. A differential property test holds the two to that.
/// </summary>
internal static class ForecastFastPath
{
    private static readonly (byte[] Name, CapacityForecastType Value)[] Types = WireNames.Of<CapacityForecastType>();
    private static readonly (byte[] Name, PhaseIndicator Value)[] Phases = WireNames.Of<PhaseIndicator>();
    private static readonly (byte[] Name, ForecastedBlockUnit Value)[] Units = WireNames.Of<ForecastedBlockUnit>();
    private static readonly int PhaseCount = Phases.Max(p => (int)p.Value) + 1;

    /// <summary>The forecast, when <paramref name="utf8"/> is a valid one of the usual shape; otherwise false (then validate fully).</summary>
    public static bool TryRead(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out UpdateGroupCapacityForecast? forecast)
    {
        forecast = null;
        try
        {
            var reader = new Utf8JsonReader(utf8);
            return TryReadRoot(ref reader, out forecast);
        }
        catch (JsonException)
        {
            // Not JSON, or trailing text after the object: the full validator says so.
            forecast = null;
            return false;
        }
    }

    private static bool TryReadRoot(ref Utf8JsonReader reader, [NotNullWhen(true)] out UpdateGroupCapacityForecast? forecast)
    {
        forecast = null;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        string? groupId = null;
        CapacityForecastType? type = null;
        List<ForecastedBlock>? blocks = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return false;
            if (reader.ValueTextEquals("group_id"u8))
            {
                if (groupId is not null || !reader.Read() || !TryGroupId(ref reader, out groupId)) return false;
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                if (type is not null || !reader.Read() || !TryEnum(ref reader, Types, out var read)) return false;
                type = read;
            }
            else if (reader.ValueTextEquals("forecasted_blocks"u8))
            {
                if (blocks is not null || !reader.Read() || !TryBlocks(ref reader, out blocks)) return false;
            }
            else
            {
                return false;
            }
        }

        // The root object closed, and nothing but whitespace follows it (the reader throws on anything else).
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read()) return false;
        if (groupId is null || type is null || blocks is null) return false;
        forecast = new UpdateGroupCapacityForecast(groupId, type.Value, blocks);
        return true;
    }

    private static bool TryBlocks(ref Utf8JsonReader reader, [NotNullWhen(true)] out List<ForecastedBlock>? blocks)
    {
        blocks = null;
        if (reader.TokenType != JsonTokenType.StartArray) return false;
        var read = new List<ForecastedBlock>(96);
        Span<long> phaseEnds = stackalloc long[PhaseCount];
        phaseEnds.Fill(long.MinValue);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            if (read.Count == OscpValidator.MaxArrayItems || !TryBlock(ref reader, out var block)) return false;
            // No overlap within a phase, checked in the order given: blocks out of order go to the full validator.
            ref var phaseEnd = ref phaseEnds[(int)block.Phase];
            if (block.StartTime.UtcTicks < phaseEnd) return false;
            phaseEnd = block.EndTime.UtcTicks;
            read.Add(block);
        }

        if (reader.TokenType != JsonTokenType.EndArray || read.Count == 0) return false;
        blocks = read;
        return true;
    }

    private static bool TryBlock(ref Utf8JsonReader reader, [NotNullWhen(true)] out ForecastedBlock? block)
    {
        block = null;
        double? capacity = null;
        PhaseIndicator? phase = null;
        ForecastedBlockUnit? unit = null;
        DateTimeOffset? start = null, end = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped) return false;
            if (reader.ValueTextEquals("capacity"u8))
            {
                if (capacity is not null || !reader.Read() || !TryCapacity(ref reader, out var kw)) return false;
                capacity = kw;
            }
            else if (reader.ValueTextEquals("phase"u8))
            {
                if (phase is not null || !reader.Read() || !TryEnum(ref reader, Phases, out var value)) return false;
                phase = value;
            }
            else if (reader.ValueTextEquals("unit"u8))
            {
                if (unit is not null || !reader.Read() || !TryEnum(ref reader, Units, out var value)) return false;
                unit = value;
            }
            else if (reader.ValueTextEquals("start_time"u8))
            {
                if (start is not null || !reader.Read() || !TryTime(ref reader, out var time)) return false;
                start = time;
            }
            else if (reader.ValueTextEquals("end_time"u8))
            {
                if (end is not null || !reader.Read() || !TryTime(ref reader, out var time)) return false;
                end = time;
            }
            else
            {
                return false;
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject || capacity is null || phase is null || unit is null || start is null || end is null) return false;
        if (end.Value <= start.Value) return false;
        block = new ForecastedBlock(capacity.Value, phase.Value, unit.Value, start.Value, end.Value);
        return true;
    }

    // A JSON number without a sign (so >= 0, "-0" included in what goes to the full validator) that a double holds finitely.
    private static bool TryCapacity(ref Utf8JsonReader reader, out double kw)
    {
        kw = 0;
        return reader.TokenType == JsonTokenType.Number
            && !reader.HasValueSequence
            && reader.ValueSpan[0] != (byte)'-'
            && reader.TryGetDouble(out kw)
            && double.IsFinite(kw);
    }

    private static bool TryTime(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        time = default;
        return reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence
            && Rfc3339.TryParseUtf8(reader.ValueSpan, out time);
    }

    private static bool TryGroupId(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? groupId)
    {
        groupId = null;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return false;
        var value = reader.ValueSpan;
        // ProfileRules.GroupIdRule: 1 to 64 letters, digits, '_' or '-'.
        if (value.Length is 0 or > 64) return false;
        foreach (var b in value)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b is (byte)'_' or (byte)'-')) return false;
        }

        groupId = Encoding.ASCII.GetString(value);
        return true;
    }

    private static bool TryEnum<T>(ref Utf8JsonReader reader, (byte[] Name, T Value)[] names, out T value)
        where T : struct
    {
        value = default;
        if (reader.TokenType != JsonTokenType.String || reader.ValueIsEscaped || reader.HasValueSequence) return false;
        foreach (var (name, member) in names)
        {
            if (reader.ValueSpan.SequenceEqual(name))
            {
                value = member;
                return true;
            }
        }

        return false;
    }
}
