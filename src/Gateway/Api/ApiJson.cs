using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// Every problem of one request as <c>path: reason</c>. At most <see cref="MaxListed"/> are listed (a body of 10,000 bad
/// samples must not produce a multi-megabyte answer); the rest are counted in one last line.
/// </summary>
internal sealed class ProblemSink
{
    public const int MaxListed = 1000;

    private readonly List<string> listed = [];
    private int unlisted;

    /// <summary>Every problem so far, listed or not.</summary>
    public int Count => listed.Count + unlisted;

    public void Add(string path, string reason)
    {
        if (listed.Count < MaxListed) listed.Add($"{path}: {reason}");
        else unlisted++;
    }

    public IReadOnlyList<string> ToList() =>
        unlisted == 0 ? listed : [.. listed, string.Create(CultureInfo.InvariantCulture, $"body: {unlisted} more problems not listed")];
}

/// <summary>
/// Hand-reading of our API's JSON bodies with <see cref="JsonDocument"/>, so that every problem is named with its exact
/// path (<c>sites[1].samples[3].at</c>) and nothing is guessed: unknown fields, duplicated fields, wrong types and
/// missing fields are all errors.
/// </summary>
internal static partial class ApiJson
{
    /// <summary>The reason given for a group id (path or body) that breaks the identifier rule.</summary>
    public const string GroupIdRule = "must be letters, digits, '_' and '-', 1-64 characters";

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    [GeneratedRegex(@"^[A-Za-z0-9_$-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PlainName();

    /// <summary>Checks a group id taken from the route.</summary>
    public static void CheckGroupId(string groupId, ProblemSink problems)
    {
        if (!Identifiers.IsValidGroupId(groupId)) problems.Add("groupId", GroupIdRule);
    }

    /// <summary>
    /// Parses the body; null (with the problem added) when it is empty or not JSON. Names the position of a syntax error;
    /// <paramref name="expected"/> says what an empty body should have been.
    /// </summary>
    public static JsonDocument? Parse(ReadOnlyMemory<byte> body, ProblemSink problems, string expected = "a JSON object")
    {
        var bytes = body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;
        if (bytes.Span.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']).IsEmpty)
        {
            problems.Add("body", "is required: " + expected);
            return null;
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, DocumentOptions);
        }
        catch (JsonException e)
        {
            problems.Add("body", Describe(e));
            return null;
        }
        // The parser accepts invalid UTF-8 and escaped lone surrogates inside strings; reading them later would throw.
        var unreadable = UnreadableText.Find(document.RootElement, "", Property, Index);
        if (unreadable.Count == 0) return document;
        foreach (var (path, reason) in unreadable) problems.Add(path.Length == 0 ? "body" : path, reason);
        document.Dispose();
        return null;
    }

    /// <summary>The root element when it is an object; otherwise null with the problem added.</summary>
    public static JsonElement? RootObject(JsonDocument document, ProblemSink problems)
    {
        if (document.RootElement.ValueKind == JsonValueKind.Object) return document.RootElement;
        problems.Add("body", "must be a JSON object");
        return null;
    }

    /// <summary>
    /// The properties of <paramref name="element"/> (an object) by name. A name outside <paramref name="known"/> is an
    /// error with <paramref name="unknownReason"/>; a name given twice is an error (which one would count is ambiguous).
    /// </summary>
    public static Dictionary<string, JsonElement> Fields(
        JsonElement element, string path, IReadOnlyCollection<string> known, string unknownReason, ProblemSink problems)
    {
        var fields = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!known.Contains(property.Name))
                problems.Add(Property(path, property.Name), unknownReason);
            else if (!fields.TryAdd(property.Name, property.Value))
                problems.Add(Property(path, property.Name), DuplicateProperties.Reason);
        }
        return fields;
    }

    /// <summary>A required string field; null (with the problem added) when missing or not a string.</summary>
    public static string? RequiredString(Dictionary<string, JsonElement> fields, string name, string path, ProblemSink problems)
    {
        var at = Property(path, name);
        if (!fields.TryGetValue(name, out var value))
        {
            problems.Add(at, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(at, "must be a string");
            return null;
        }
        return value.GetString();
    }

    /// <summary>A required RFC 3339 date-time with an offset.</summary>
    public static DateTimeOffset? RequiredTime(Dictionary<string, JsonElement> fields, string name, string path, ProblemSink problems)
    {
        var at = Property(path, name);
        if (!fields.TryGetValue(name, out var value))
        {
            problems.Add(at, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || !Rfc3339.TryParse(value.GetString(), out var time))
        {
            problems.Add(at, Rfc3339.Requirement);
            return null;
        }
        return time;
    }

    /// <summary>A required JSON number, finite and &gt;= 0; <paramref name="unit"/> is named when it is not a number.</summary>
    public static double? RequiredNonNegativeNumber(Dictionary<string, JsonElement> fields, string name, string unit, string path, ProblemSink problems)
    {
        var at = Property(path, name);
        if (!fields.TryGetValue(name, out var value))
        {
            problems.Add(at, "is required");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number)
        {
            problems.Add(at, $"must be a JSON number in {unit}");
            return null;
        }
        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            problems.Add(at, "must be a finite number");
            return null;
        }
        if (number < 0)
        {
            problems.Add(at, "must be >= 0");
            return null;
        }
        return number;
    }

    /// <summary><c>parent.name</c>; just <c>name</c> at the top level. An unusual name is shown quoted (and shortened).</summary>
    public static string Property(string parent, string name)
    {
        var segment = PlainName().IsMatch(name)
            ? name
            : "[" + JsonSerializer.Serialize(name.Length > 64 ? name[..64] + "…" : name) + "]";
        if (parent.Length == 0) return segment;
        return segment[0] == '[' ? parent + segment : $"{parent}.{segment}";
    }

    /// <summary><c>parent[index]</c>.</summary>
    public static string Index(string parent, int index) => string.Create(CultureInfo.InvariantCulture, $"{parent}[{index}]");

    /// <summary>A number for a message, culture-independent.</summary>
    public static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Describe(JsonException e)
    {
        // The reader's message ends with " LineNumber: 0 | BytePositionInLine: 12."; we give the position 1-based instead.
        var reason = e.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0) reason = reason[..cut];
        reason = reason.Replace(" Change the reader options.", "", StringComparison.Ordinal);
        reason = reason.Trim().TrimEnd('.');
        return e.LineNumber is { } line && e.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"is not valid JSON at line {line + 1}, byte {position + 1}: {reason}")
            : $"is not valid JSON: {reason}";
    }
}
