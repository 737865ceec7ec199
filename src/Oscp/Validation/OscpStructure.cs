using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// The structure of every OSCP 2.0 body — required fields, types, enums, <c>capacity &gt;= 0</c>, non-empty arrays,
/// RFC 3339 times — written as code: the same rules as our JSON Schemas (<c>Schemas/*.json</c>), with the same paths
/// and reasons, checked in one walk of the parsed body without interpreting a schema at run time. The schemas stay the
/// specification and the test oracle: a differential property test (tests/Oscp.Tests, <c>StructureOracleProperties</c>)
/// feeds random and mutated bodies of every kind to both and requires the same problems; a consistency test keeps the
/// enum values equal. A change to a message's structure is made in both places.
/// </summary>
internal static partial class OscpStructure
{
    // The schemas' number patterns, verbatim ("$(?!\n)": a trailing newline does not pass).
    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$(?!\n)")]
    private static partial Regex NonNegativeNumberPattern();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$(?!\n)")]
    private static partial Regex NumberPattern();

    // common.json#/$defs
    private static readonly Shape DateTime = new StringShape(minLength: 0, StringFormat.DateTime);
    private static readonly Shape NonNegativeNumber = new NumberOrTextShape(minimum: 0, NonNegativeNumberPattern(), "must be a number >= 0");
    private static readonly Shape AnyNumber = new NumberOrTextShape(minimum: null, NumberPattern(), "must be a number");
    private static readonly Shape NonEmptyString = new StringShape(minLength: 1, StringFormat.None);
    private static readonly Shape AnyString = new StringShape(minLength: 0, StringFormat.None);
    private static readonly Shape Uri = new StringShape(minLength: 0, StringFormat.Uri);
    private static readonly Shape CapacityForecastType = Enum("CONSUMPTION", "GENERATION", "FALLBACK_CONSUMPTION", "FALLBACK_GENERATION", "OPTIMUM");
    private static readonly Shape PhaseIndicator = Enum("UNKNOWN", "ONE", "TWO", "THREE", "ALL");
    private static readonly Shape ForecastedBlockUnit = Enum("A", "W", "KW", "WH", "KWH");
    private static readonly Shape EnergyMeasurementUnit = Enum("WH", "KWH");
    private static readonly Shape InstantaneousMeasurementUnit = Enum("A", "W", "KW", "WH", "KWH");
    private static readonly Shape EnergyFlowDirection = Enum("NET", "IMPORT", "EXPORT");
    private static readonly Shape EnergyType = Enum("FLEXIBLE", "NONFLEXIBLE", "TOTAL");
    private static readonly Shape MeasurementConfiguration = Enum("CONTINUOUS", "INTERMITTENT");
    private static readonly Shape AssetCategory = Enum("CHARGING", "CONSUMPTION", "GENERATION", "STORAGE");
    private static readonly Shape HeartbeatInterval = new IntegerShape(minimum: 1);
    private static readonly Shape MeasurementConfigurations = new ArrayShape(MeasurementConfiguration, minItems: 0);

    private static readonly Shape RequiredBehaviour = Object(
        [],
        ("heartbeat_interval", HeartbeatInterval),
        ("measurement_configuration", MeasurementConfigurations));

    private static readonly Shape ForecastedBlock = Object(
        ["capacity", "phase", "unit", "start_time", "end_time"],
        ("capacity", NonNegativeNumber),
        ("phase", PhaseIndicator),
        ("unit", ForecastedBlockUnit),
        ("start_time", DateTime),
        ("end_time", DateTime));

    private static readonly Shape ForecastedBlocks = new ArrayShape(ForecastedBlock, minItems: 1);

    private static readonly Shape CapacityForecast = Object(
        ["group_id", "type", "forecasted_blocks"],
        ("group_id", AnyString),
        ("type", CapacityForecastType),
        ("forecasted_blocks", ForecastedBlocks));

    private static readonly Shape EnergyMeasurement = Object(
        ["value", "phase", "unit", "direction", "measure_time"],
        ("value", AnyNumber),
        ("phase", PhaseIndicator),
        ("unit", EnergyMeasurementUnit),
        ("direction", EnergyFlowDirection),
        ("energy_type", EnergyType),
        ("measure_time", DateTime),
        ("initial_measure_time", DateTime));

    private static readonly Shape InstantaneousMeasurement = Object(
        ["value", "phase", "unit", "measure_time"],
        ("value", AnyNumber),
        ("phase", PhaseIndicator),
        ("unit", InstantaneousMeasurementUnit),
        ("measure_time", DateTime));

    private static readonly Shape AssetMeasurement = Object(
        ["asset_id", "asset_category"],
        ("asset_id", NonEmptyString),
        ("asset_category", AssetCategory),
        ("energy_measurement", EnergyMeasurement),
        ("instantaneous_measurement", InstantaneousMeasurement));

    private static readonly Shape VersionUrl = Object(
        ["version", "base_url"],
        ("version", NonEmptyString),
        ("base_url", Uri));

    // One shape per message (the message schemas).
    private static readonly Shape HandshakeBody = Object(
        [],
        ("required_behaviour", RequiredBehaviour),
        ("heartbeat_interval", HeartbeatInterval),
        ("measurement_configuration", MeasurementConfigurations));

    private static readonly Dictionary<OscpMessageKind, Shape> Messages = new()
    {
        [OscpMessageKind.Register] = Object(
            ["token", "version_url"],
            ("token", NonEmptyString),
            ("version_url", new ArrayShape(VersionUrl, minItems: 1))),
        [OscpMessageKind.Handshake] = HandshakeBody,
        [OscpMessageKind.HandshakeAcknowledge] = HandshakeBody,
        [OscpMessageKind.Heartbeat] = Object(["offline_mode_at"], ("offline_mode_at", DateTime)),
        [OscpMessageKind.UpdateGroupCapacityForecast] = CapacityForecast,
        [OscpMessageKind.AdjustGroupCapacityForecast] = CapacityForecast,
        [OscpMessageKind.GroupCapacityComplianceError] = Object(
            ["message"],
            ("message", NonEmptyString),
            ("forecasted_blocks", ForecastedBlocks)),
        [OscpMessageKind.UpdateGroupMeasurements] = Object(
            ["group_id", "measurements"],
            ("group_id", AnyString),
            ("measurements", new ArrayShape(EnergyMeasurement, minItems: 1))),
        [OscpMessageKind.UpdateAssetMeasurements] = Object(
            ["group_id", "measurements"],
            ("group_id", AnyString),
            ("measurements", new ArrayShape(AssetMeasurement, minItems: 1))),
    };

    /// <summary>Adds every structural problem of <paramref name="body"/> as a message of <paramref name="kind"/>.</summary>
    public static void Check(OscpMessageKind kind, JsonElement body, ProblemList problems, string root = JsonLocation.Body) =>
        Messages[kind].Check(body, root, problems);

    /// <summary>The values an enum of the structure allows, by its <c>common.json</c> name (for the consistency test).</summary>
    internal static IReadOnlyList<string> EnumValues(string definition) => definition switch
    {
        "capacity_forecast_type" => ((EnumShape)CapacityForecastType).Values,
        "phase_indicator" => ((EnumShape)PhaseIndicator).Values,
        "forecasted_block_unit" => ((EnumShape)ForecastedBlockUnit).Values,
        "energy_measurement_unit" => ((EnumShape)EnergyMeasurementUnit).Values,
        "instantaneous_measurement_unit" => ((EnumShape)InstantaneousMeasurementUnit).Values,
        "energy_flow_direction" => ((EnumShape)EnergyFlowDirection).Values,
        "energy_type" => ((EnumShape)EnergyType).Values,
        "measurement_configuration" => ((EnumShape)MeasurementConfiguration).Values,
        "asset_category" => ((EnumShape)AssetCategory).Values,
        _ => throw new ArgumentOutOfRangeException(nameof(definition), definition, "not an enum of common.json"),
    };

    private static EnumShape Enum(params string[] values) => new(values);

    private static ObjectShape Object(string[] required, params (string Name, Shape Shape)[] properties) => new(required, properties);

    private enum StringFormat
    {
        None,
        DateTime,
        Uri,
    }

    /// <summary>One node of the structure: adds the problems of a value found at a path.</summary>
    private abstract class Shape
    {
        public abstract void Check(JsonElement value, string path, ProblemList problems);
    }

    /// <summary><c>type: object</c> with <c>required</c> and <c>properties</c>; other properties are allowed.</summary>
    private sealed class ObjectShape(string[] required, (string Name, Shape Shape)[] properties) : Shape
    {
        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            if (value.ValueKind != JsonValueKind.Object)
            {
                problems.Add(path, "must be an object");
                return;
            }

            foreach (var name in required)
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add(JsonLocation.Property(path, name), "is required");
                }
            }

            foreach (var (name, shape) in properties)
            {
                if (value.TryGetProperty(name, out var property))
                {
                    shape.Check(property, JsonLocation.Property(path, name), problems);
                }
            }
        }
    }

    /// <summary><c>type: array</c>, <c>minItems</c>, <c>items</c>.</summary>
    private sealed class ArrayShape(Shape items, int minItems) : Shape
    {
        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                problems.Add(path, "must be an array");
                return;
            }

            if (value.GetArrayLength() < minItems)
            {
                problems.Add(path, minItems == 1 ? "must not be empty" : $"must have at least {minItems} items");
            }

            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                items.Check(item, JsonLocation.Index(path, index++), problems);
            }
        }
    }

    /// <summary><c>type: string</c>, <c>minLength</c> (only 0 or 1 here), <c>format</c>.</summary>
    private sealed class StringShape(int minLength, StringFormat format) : Shape
    {
        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(path, "must be a string");
                return;
            }

            if (minLength > 0 && value.GetString()!.Length == 0)
            {
                problems.Add(path, "must not be empty");
            }

            switch (format)
            {
                case StringFormat.DateTime when !JsonTimes.TryRead(value, out _):
                    problems.Add(path, Rfc3339.Requirement);
                    break;
                case StringFormat.Uri when !System.Uri.TryCreate(value.GetString(), UriKind.Absolute, out _):
                    problems.Add(path, "must be an absolute URI");
                    break;
            }
        }
    }

    /// <summary><c>enum</c> of strings (any other JSON value fails it).</summary>
    private sealed class EnumShape(string[] values) : Shape
    {
        private readonly string reason = "must be one of " + string.Join(", ", values);

        public IReadOnlyList<string> Values => values;

        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            if (value.ValueKind != JsonValueKind.String || !IsOneOf(value))
            {
                problems.Add(path, reason);
            }
        }

        // Compared where the value stands (escapes resolved), without reading it into a string.
        private bool IsOneOf(JsonElement value)
        {
            foreach (var allowed in values)
            {
                if (value.ValueEquals(allowed)) return true;
            }

            return false;
        }
    }

    /// <summary><c>type: integer</c> (a number without a fractional part) and <c>minimum</c>.</summary>
    private sealed class IntegerShape(int minimum) : Shape
    {
        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            if (value.ValueKind != JsonValueKind.Number)
            {
                problems.Add(path, "must be an integer");
                return;
            }

            if (!Numbers.IsInteger(value))
            {
                problems.Add(path, "must be an integer");
            }

            if (Numbers.IsBelow(value, minimum))
            {
                problems.Add(path, string.Create(CultureInfo.InvariantCulture, $"must be >= {minimum}"));
            }
        }
    }

    /// <summary>
    /// <c>type: [number, string]</c> with <c>minimum</c> (numbers) and <c>pattern</c> (strings): a number may arrive as a
    /// string. A value of another type, or a string off the pattern, gets the schema's <c>x-reason</c>.
    /// </summary>
    private sealed class NumberOrTextShape(int? minimum, Regex pattern, string reason) : Shape
    {
        public override void Check(JsonElement value, string path, ProblemList problems)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Number:
                    if (minimum is { } least && Numbers.IsBelow(value, least))
                    {
                        problems.Add(path, string.Create(CultureInfo.InvariantCulture, $"must be >= {least}"));
                    }

                    break;
                case JsonValueKind.String:
                    if (!pattern.IsMatch(value.GetString()!))
                    {
                        problems.Add(path, reason);
                    }

                    break;
                default:
                    problems.Add(path, reason);
                    break;
            }
        }
    }

    /// <summary>
    /// Comparisons on JSON numbers as written, of any size or precision. <c>minimum</c> is exact (<c>-1e-400</c> is below
    /// 0), as the schemas compare: a rounding <see cref="decimal"/> or <see cref="double"/> would disagree at the edges.
    /// The number's text is read once as sign, significant digits and the position of the decimal point.
    /// </summary>
    private static class Numbers
    {
        public static bool IsBelow(JsonElement number, int minimum)
        {
            var n = new ExactNumber(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(number));
            if (n.IsZero) return minimum > 0;
            if (n.Negative) return true;
            if (minimum <= 0) return false;
            return n.CompareMagnitude(minimum) < 0;
        }

        /// <summary>
        /// "integer" as the schema tooling reads it: the number's nearest double has no fractional part (so <c>1e400</c>,
        /// infinite as a double, and <c>-1e-400</c>, zero as one, are integers; <c>2.0</c> is one too). Only
        /// <c>heartbeat_interval</c> is an integer, and the reader takes its double the same way.
        /// </summary>
        public static bool IsInteger(JsonElement number) =>
            double.TryParse(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(number), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && (double.IsInfinity(value) || value == Math.Floor(value));

        /// <summary>A JSON number as <c>±0.D × 10^Point</c>, D its significant digits without leading or trailing zeros.</summary>
        private readonly ref struct ExactNumber
        {
            private readonly ReadOnlySpan<byte> text;
            private readonly int first;
            private readonly int last;
            private readonly long point;

            public ExactNumber(ReadOnlySpan<byte> json)
            {
                Negative = json.Length > 0 && json[0] == (byte)'-';
                var end = json.IndexOfAny((byte)'e', (byte)'E');
                var mantissa = end < 0 ? json : json[..end];
                long exponent = 0;
                if (end >= 0)
                {
                    var digits = json[(end + 1)..];
                    var negativeExponent = digits.Length > 0 && digits[0] == (byte)'-';
                    foreach (var c in digits)
                    {
                        if (c is >= (byte)'0' and <= (byte)'9') exponent = Math.Min((exponent * 10) + (c - '0'), 1_000_000_000_000L);
                    }

                    if (negativeExponent) exponent = -exponent;
                }

                text = mantissa;
                first = -1;
                last = -1;
                var dot = mantissa.IndexOf((byte)'.');
                var integerDigits = 0;
                foreach (var c in dot < 0 ? mantissa : mantissa[..dot])
                {
                    if (c is >= (byte)'0' and <= (byte)'9') integerDigits++;
                }

                var position = 0;
                for (var i = 0; i < mantissa.Length; i++)
                {
                    var c = mantissa[i];
                    if (c is < (byte)'0' or > (byte)'9') continue;
                    position++;
                    if (c == (byte)'0') continue;
                    if (first < 0)
                    {
                        first = i;
                        point = integerDigits - position + 1;
                    }

                    last = i;
                }

                // The point so far counts the integer part's digits from the first significant one (≤ 0 for 0.00d…).
                if (first >= 0) point += exponent;
            }

            public bool Negative { get; }

            public bool IsZero => first < 0;

            /// <summary>|value| compared with a positive integer.</summary>
            public int CompareMagnitude(int value)
            {
                Span<byte> digits = stackalloc byte[11];
                value.TryFormat(digits, out var k, provider: CultureInfo.InvariantCulture);
                if (point != k) return point > k ? 1 : -1;
                var index = 0;
                for (var i = first; i <= last; i++)
                {
                    var c = text[i];
                    if (c is < (byte)'0' or > (byte)'9') continue;
                    if (index == k) return 1; // more significant digits than the integer has: above it
                    if (c != digits[index]) return c > digits[index] ? 1 : -1;
                    index++;
                }

                return index == k ? 0 : -1;
            }
        }
    }
}
