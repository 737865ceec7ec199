using System.Globalization;
using System.Text.RegularExpressions;

namespace OscpFleet.Oscp.Limits;

/// <summary>The validation behind <see cref="BaseDoeProfile.Validate"/> and the parsing both share.</summary>
internal static partial class BaseDoeRules
{
    public const string EntriesPath = "baseDoe";
    public const string TimeZonePath = "timeZone";

    // [0-9] rather than \d (non-ASCII digits), \z rather than $ (a trailing newline).
    [GeneratedRegex(@"^([01][0-9]|2[0-3]):([0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimeOfDay();

    // Screens ids before they reach the time zone lookup, which reads files named after them.
    [GeneratedRegex(@"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ZoneIdShape();

    public static List<string> Validate(IReadOnlyList<BaseDoeEntry?>? entries, string? timeZone)
    {
        var problems = new List<string>();
        if (entries is null || entries.Count == 0)
        {
            problems.Add($"{EntriesPath}: at least one entry");
        }
        else
        {
            var seen = new Dictionary<int, int>();
            for (var i = 0; i < entries.Count; i++)
            {
                ValidateEntry(entries[i], $"{EntriesPath}[{i}]", i, seen, problems);
            }
        }

        if (string.IsNullOrEmpty(timeZone))
        {
            problems.Add($"{TimeZonePath}: is required");
        }
        else if (!TryFindZone(timeZone, out _))
        {
            var shown = timeZone.Length > 40 ? timeZone[..40] + "…" : timeZone;
            problems.Add($"{TimeZonePath}: unknown time zone '{shown}' (an IANA id such as Pacific/Auckland)");
        }

        return problems;
    }

    /// <summary>Minutes after local midnight, or null when <paramref name="text"/> is not <c>HH:mm</c>.</summary>
    public static int? MinuteOfDay(string? text)
    {
        var match = text is null ? null : TimeOfDay().Match(text);
        if (match is null || !match.Success)
        {
            return null;
        }

        return (int.Parse(match.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) * 60)
            + int.Parse(match.Groups[2].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Finds an IANA zone. Windows ids are refused even where the platform maps them: the site body
    /// must mean the same on every silo, so its <c>timeZone</c> takes IANA ids only.
    /// </summary>
    public static bool TryFindZone(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (id.Length > 64 || id.Contains("..", StringComparison.Ordinal) || !ZoneIdShape().IsMatch(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return zone.HasIanaId;
        }
        // A region name (Pacific, America, Etc) is a folder of the zone database: reading it as a zone fails with an
        // access or I/O error, not "not found" (found by fuzzing; it was a 500 on PUT /api/v1/sites).
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException
            or System.Security.SecurityException or UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static void ValidateEntry(BaseDoeEntry? entry, string path, int index, Dictionary<int, int> seen, List<string> problems)
    {
        if (entry is null)
        {
            problems.Add($"{path}: is required");
            return;
        }

        if (MinuteOfDay(entry.From) is not { } minute)
        {
            problems.Add($"{path}.from: must be HH:mm");
        }
        else if (!seen.TryAdd(minute, index))
        {
            problems.Add($"{path}.from: duplicates {EntriesPath}[{seen[minute]}].from '{entry.From}'");
        }

        if (double.IsNaN(entry.Kw) || entry.Kw < 0)
        {
            problems.Add($"{path}.kw: must be >= 0");
        }
        else if (double.IsInfinity(entry.Kw))
        {
            problems.Add($"{path}.kw: must be a finite number");
        }
    }
}
