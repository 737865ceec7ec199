using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace OscpFleet.Integration.Campaign;

/// <summary>The raw material of the campaign: hostile JSON tokens, strings, times, keys, bytes, paths and headers.</summary>
internal static class HostileValues
{
    /// <summary>JSON (and not-quite-JSON) tokens inserted as they are.</summary>
    public static readonly string[] RawTokens =
    [
        "null", "true", "false", "0", "-0", "-1", "0.0", "-0.0", "1e308", "-1e308", "1e400", "-1e400", "1e-400", "4.9e-324",
        "2147483647", "2147483648", "-2147483649", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
        "18446744073709551616", "123456789012345678901234567890.5", "1.7976931348623157e309", "0.30000000000000004",
        "1000000000", "1000000000.0000001", "999999999999999999999999999999999999999",
        "NaN", "-NaN", "Infinity", "-Infinity", "+1", "01", "1.", ".5", "0x1F", "1e", "--1", "1_000",
        "\"NaN\"", "\"Infinity\"", "\"-Infinity\"", "\"1e400\"", "\"12\"", "\"\"", "\" \"", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\udc00\\ud800\"", "\"\\uDFFF\"", "\"a\\ud800b\"", "\"\\u202e\"", "\"\\ufeff\"", "\"\\uffff\"", "\"\\/\"", "\"\\x41\"", "\"\\u00\"",
        "[]", "{}", "[null]", "[[]]", "[{}]", "{\"\":null}", "'single'", "undefined", "[1,]", "{\"a\":1,}", "\"unterminated",
    ];

    /// <summary>Odd text: blanks, controls, bidi, combining marks, emoji, other scripts, injection-looking strings.</summary>
    public static readonly string[] Strings =
    [
        "", " ", "\t", "\u0000", "a\u0000b", "\u202eCAMP_1", "\u200b", "\ufeff", "e\u0301\u0301\u0301", "😀", "👩‍👩‍👧‍👦", "ΣΙΤΕ", "站点",
        "\uD800", "\uDC00", "\uFFFE", "CAMP_1 ", " CAMP_1", "camp_1", "CAMP_1\n", "../../etc/passwd", "..\\..\\windows", "%00", "%2e%2e",
        "${jndi:ldap://x}", "{{7*7}}", "<script>alert(1)</script>", "' OR '1'='1", "\"; DROP TABLE sites; --", "PartitionKey eq 'x'",
        "main", "other", "plain_cp", "vector_test", "no_such_peer", "CS-001", "UTC", "Etc/GMT+14", "Mars/Olympus", "America/Argentina/ComodRivadavia",
        "Pacific", "Etc", "posix", "right/UTC", "zone.tab", "tzdata.zi", "Factory", "localtime", "US/Pacific-New", "EST5EDT",
        "CONSUMPTION", "consumption", "GENERATION", "FALLBACK", "KW", "kW", "A", "ALL", "ONE", "CONTINUOUS", "INTERMITTENT",
    ];

    /// <summary>Time-like strings around RFC 3339's edges (and past DateTimeOffset's range).</summary>
    public static readonly string[] Times =
    [
        "2026-11-26T12:00:00Z", "2026-11-26T12:15:00+00:00", "2026-11-26t12:00:00z", "2026-11-26 12:00:00Z", "2026-11-26T12:00:00",
        "2026-02-29T00:00:00Z", "2026-11-26T24:00:00Z", "2026-11-26T23:59:60Z", "2026-11-26T12:00:00.9999999999Z", "2026-11-26T12:00:00.Z",
        "2026-11-26T12:00:00+99:99", "2026-11-26T12:00:00-00:00", "2026-11-26T12:00:00+14:01", "0000-01-01T00:00:00Z",
        "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59.9999999Z", "+002026-11-26T12:00:00Z",
        "2026-11-26", "12:00", "2026-W48-4", "1764158400", "2026-11-26T12:00:00ZZ", "2026-11-26T12:00:00 Z", "２０２６-11-26T12:00:00Z",
        "2026-11-26T12:00:00\u0000Z", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z", "00:00", "24:00", "23:60", "-1:00", "7:00", "07:00:00", "99:99",
    ];

    /// <summary>Property names that are not ours, or almost ours.</summary>
    public static readonly string[] Keys =
    [
        "", " ", "__proto__", "constructor", "$type", "$id", "$ref", "@odata.type", "PEERID", "peerid", "peer_id", "peerId ", "peer\u0000Id",
        "😀", "\uD800", "group_id", "groupId", "GroupId", "capacity", "kw", "samples", "sites", "forecasted_blocks", "required_behaviour",
    ];

    /// <summary>Byte sequences that are not UTF-8.</summary>
    public static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE], [0x80], [0xC3, 0x28], [0xC0, 0xAF], [0xE2, 0x28, 0xA1], [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],
        [0xF4, 0x90, 0x80, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xC2],
    ];

    /// <summary>Content-Type values a reader might not expect.</summary>
    public static readonly string?[] ContentTypes =
    [
        null, "", "text/plain", "application/json; charset=utf-16", "application/json; charset=iso-8859-1", "application/json; charset=\"utf-8\"",
        "application/JSON", "application/json;;", "application/jsonx", "application/problem+json", "application/merge-patch+json",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/csv", "text/csv; charset=latin1", "*/*", "application/*",
        "application/json, text/plain", "json", "application/json; charset=utf-8; boundary=\u00ff",
    ];

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A JSON string literal for <paramref name="text"/> (non-ASCII kept raw where JSON allows).</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text, Relaxed);

    /// <summary>A long string: <paramref name="length"/> repetitions of one unit of odd or plain text.</summary>
    public static string Long(Random random, int length)
    {
        string[] units = ["a", "😀", "e\u0301", "站", "\u202e", "0", " ", "\\", "\""];
        var unit = units[random.Next(units.Length)];
        var builder = new StringBuilder(length * unit.Length);
        for (var i = 0; i < length; i++) builder.Append(unit);
        return builder.ToString();
    }

    /// <summary>Arrays (or objects) nested <paramref name="depth"/> deep.</summary>
    public static string Nested(int depth, bool objects) =>
        objects ? string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)
                : new string('[', depth) + new string(']', depth);

    public static T Pick<T>(this Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];
}
