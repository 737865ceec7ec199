using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Validates OSCP 2.0 bodies on the raw JSON, before any typed read, so that every problem in a body is
/// reported at once (a bad enum and a bad time together). First, and alone, a body in which an object gives a
/// property name twice is refused (<c>forecasted_blocks[0].capacity: appears twice in the object</c>): the layers
/// below and the typed reader would not agree on which copy counts (see <see cref="DuplicateProperties"/>).
/// Otherwise three layers, all always run:
/// structure as our JSON Schemas (<c>Schemas/*.json</c>) define it — required fields, types, enums,
/// <c>capacity &gt;= 0</c>, non-empty arrays, RFC 3339 times with an offset — checked by <see cref="OscpStructure"/>,
/// the schemas written as code (the schemas themselves are the test oracle, not run per request); then rules across
/// fields in code (block times, overlaps), then identifier and <see cref="PeerProfile"/> rules.
/// </summary>
public static class OscpValidator
{
    /// <summary>
    /// The most items any array of an OSCP body may hold: a week of 5-minute forecast blocks. A longer one is refused
    /// alone, before any per-item check runs (<see cref="ArrayLimits"/>).
    /// </summary>
    public const int MaxArrayItems = 2016;

    /// <summary>Validates an inbound or outbound body of the given kind.</summary>
    public static ValidationResult Validate(OscpMessageKind kind, JsonElement body, PeerProfile profile)
    {
        var problems = new ProblemList();
        if (!PlainJson.IsPlain(body))
        {
            var early = TextProblems(body, problems);
            if (early is not null) return early;
        }

        // A quick pass first: the same checks without a path built for every node. The body most often has no problem,
        // and then that is the answer; otherwise the full pass below finds the same problems and says where.
        var quick = new ProblemList();
        ArrayLimits.Check(body, JsonLocation.Unbuilt, quick);
        if (quick.Count == 0)
        {
            OscpStructure.Check(kind, body, quick, JsonLocation.Unbuilt);
            SemanticRules.Check(body, quick, quick: true);
            ProfileRules.Check(kind, body, profile, quick);
            if (quick.Count == 0) return ValidationResult.Valid;
        }

        return ValidateWithPaths(kind, body, profile);
    }

    /// <summary>
    /// Validation without the quick pass: every check with every path (what <see cref="Validate(OscpMessageKind, JsonElement, PeerProfile)"/>
    /// answers once the quick pass found a problem; the tests hold the two to the same answer).
    /// </summary>
    internal static ValidationResult ValidateWithPaths(OscpMessageKind kind, JsonElement body, PeerProfile profile)
    {
        var problems = new ProblemList();
        if (!PlainJson.IsPlain(body) && TextProblems(body, problems) is { } early) return early;
        ArrayLimits.Check(body, JsonLocation.Body, problems);
        if (problems.Count > 0)
        {
            return problems.ToResult();
        }

        OscpStructure.Check(kind, body, problems);
        SemanticRules.Check(body, problems);
        ProfileRules.Check(kind, body, profile, problems);
        return problems.ToResult();
    }

    /// <summary>
    /// The unreadable strings or names, else the names given twice, of a body that is not <see cref="PlainJson"/>; null
    /// when it has neither (an escape alone is fine).
    /// </summary>
    private static ValidationResult? TextProblems(JsonElement body, ProblemList problems)
    {
        var unreadable = UnreadableText.Find(body, JsonLocation.Body, JsonLocation.Property, JsonLocation.Index);
        if (unreadable.Count > 0)
        {
            // Nothing else can read the body: every later check reads names and strings.
            foreach (var (path, reason) in unreadable)
            {
                problems.Add(path, reason);
            }

            return problems.ToResult();
        }

        var duplicates = DuplicateProperties.Find(body, JsonLocation.Body, JsonLocation.Property, JsonLocation.Index, StringComparer.Ordinal);
        if (duplicates.Count > 0)
        {
            // Nothing else is checked: which copy would the schema check, and which would the reader keep?
            foreach (var path in duplicates)
            {
                problems.Add(path, DuplicateProperties.Reason);
            }

            return problems.ToResult();
        }

        return null;
    }

    /// <summary>Validates a JSON text; text that is not JSON gives a single <c>body</c> problem.</summary>
    public static ValidationResult Validate(OscpMessageKind kind, string json, PeerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(json);
        return TryParse(json, out var document, out var notJson)
            ? ValidateAndDispose(kind, document, profile)
            : notJson;
    }

    /// <summary>Validates a UTF-8 JSON body (as read from an HTTP request).</summary>
    public static ValidationResult Validate(OscpMessageKind kind, ReadOnlyMemory<byte> utf8Json, PeerProfile profile) =>
        TryParse(utf8Json, out var document, out var notJson)
            ? ValidateAndDispose(kind, document, profile)
            : notJson;

    /// <summary>
    /// Validates something we built ourselves before sending it: serializes it exactly as it will go on the
    /// wire and validates that, so the outbound rules are the inbound ones.
    /// </summary>
    /// <exception cref="ArgumentException"><typeparamref name="T"/> is not an OSCP message type.</exception>
    public static ValidationResult Validate<T>(T message, PeerProfile profile)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var kind = OscpMessageKinds.Of<T>();
        JsonElement body;
        try
        {
            body = OscpJson.SerializeToElement(message);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or InvalidOperationException)
        {
            // E.g. NaN or infinity in a double: it cannot be written as JSON at all.
            return new ValidationResult([$"{JsonLocation.Body}: cannot be written as JSON ({e.Message})"]);
        }

        return Validate(kind, body, profile);
    }

    /// <summary>Validates, then reads the typed message; <paramref name="message"/> is set only when the body is valid.</summary>
    public static bool TryRead<T>(JsonElement body, PeerProfile profile, [NotNullWhen(true)] out T? message, out ValidationResult result)
        where T : class
    {
        message = null;
        result = Validate(OscpMessageKinds.Of<T>(), body, profile);
        if (!result.IsValid)
        {
            return false;
        }

        try
        {
            message = OscpJson.Deserialize<T>(body);
            return true;
        }
        catch (JsonException e)
        {
            // The schemas should make this unreachable; if they ever miss a case, answer 400 rather than 500.
            result = new ValidationResult([$"{JsonLocation.Body}: {e.Message}"]);
            return false;
        }
    }

    /// <summary>Validates a JSON text, then reads the typed message when valid.</summary>
    public static bool TryRead<T>(string json, PeerProfile profile, [NotNullWhen(true)] out T? message, out ValidationResult result)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(json);
        message = null;
        if (!TryParse(json, out var document, out result))
        {
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, profile, out message, out result);
        }
    }

    /// <summary>
    /// Validates a UTF-8 JSON body, then reads the typed message when valid. A forecast of the usual shape is read in one
    /// pass without a document (<see cref="ForecastFastPath"/>); every other body, and any forecast with a problem, is
    /// validated fully.
    /// </summary>
    public static bool TryRead<T>(ReadOnlyMemory<byte> utf8Json, PeerProfile profile, [NotNullWhen(true)] out T? message, out ValidationResult result)
        where T : class
    {
        if (typeof(T) == typeof(UpdateGroupCapacityForecast) && ForecastFastPath.TryRead(utf8Json.Span, out var forecast))
        {
            message = (T)(object)forecast;
            result = ValidationResult.Valid;
            return true;
        }

        message = null;
        if (!TryParse(utf8Json, out var document, out result))
        {
            return false;
        }

        using (document)
        {
            return TryRead(document.RootElement, profile, out message, out result);
        }
    }

    private static ValidationResult ValidateAndDispose(OscpMessageKind kind, JsonDocument document, PeerProfile profile)
    {
        using (document)
        {
            return Validate(kind, document.RootElement, profile);
        }
    }

    private static bool TryParse(string json, [NotNullWhen(true)] out JsonDocument? document, out ValidationResult notJson)
    {
        try
        {
            document = JsonDocument.Parse(json);
            notJson = ValidationResult.Valid;
            return true;
        }
        catch (JsonException e)
        {
            document = null;
            notJson = NotJson(e);
            return false;
        }
    }

    private static bool TryParse(ReadOnlyMemory<byte> utf8Json, [NotNullWhen(true)] out JsonDocument? document, out ValidationResult notJson)
    {
        try
        {
            document = JsonDocument.Parse(utf8Json);
            notJson = ValidationResult.Valid;
            return true;
        }
        catch (JsonException e)
        {
            document = null;
            notJson = NotJson(e);
            return false;
        }
    }

    private static ValidationResult NotJson(JsonException e) =>
        new([$"{JsonLocation.Body}: is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})"]);
}
