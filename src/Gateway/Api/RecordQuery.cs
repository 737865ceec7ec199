using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Journal;
using OscpFleet.Oscp.Json;

namespace OscpFleet.Gateway.Api;

/// <summary>A validated filter of the message journal.</summary>
/// <param name="From">Inclusive start.</param>
/// <param name="To">Exclusive end, at most <see cref="RecordQuery.MaxRange"/> after <paramref name="From"/>.</param>
/// <param name="PeerId">Only this peer's messages.</param>
/// <param name="GroupId">Only messages about this site.</param>
/// <param name="Message">Only this message name.</param>
/// <param name="Direction">Only <c>in</c> or <c>out</c>.</param>
/// <param name="Limit">Most entries to return.</param>
/// <param name="After">Continue after this row key (from a cursor).</param>
internal sealed record JournalFilter(
    DateTimeOffset From, DateTimeOffset To, string? PeerId, string? GroupId, string? Message, string? Direction, int Limit, string? After);

/// <summary>
/// Reads and validates the query strings of the history and journal endpoints: every problem named by its parameter;
/// unknown and repeated parameters are refused too (a typo must not silently widen a query).
/// </summary>
internal static partial class RecordQuery
{
    /// <summary>The longest range one query may cover.</summary>
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(31);

    /// <summary>Entries per journal page unless <c>limit</c> says otherwise, and the most it may say.</summary>
    public const int DefaultLimit = 100, MaxLimit = 1000;

    /// <summary>The most lines one export may be capped at with <c>limit</c> (without it, the whole range).</summary>
    public const int MaxExportLimit = 1_000_000;

    private const string CursorPrefix = "j1:";

    private static readonly string[] HistoryParameters = ["from", "to"];
    private static readonly string[] JournalParameters = ["peerId", "groupId", "message", "direction", "from", "to", "limit", "cursor"];

    /// <summary>The range of a history query (default: the 24 hours before now).</summary>
    public static (DateTimeOffset From, DateTimeOffset To, List<string> Errors) History(IQueryCollection query, DateTimeOffset now)
    {
        var errors = Unknown(query, HistoryParameters);
        var (from, to) = Range(query, now, TimeSpan.FromDays(1), errors);
        return (from, to, errors);
    }

    /// <summary>The filter of a journal query (default range: the hour before now).</summary>
    public static (JournalFilter? Filter, List<string> Errors) Journal(IQueryCollection query, DateTimeOffset now, bool export)
    {
        var errors = Unknown(query, JournalParameters);
        var (from, to) = Range(query, now, TimeSpan.FromHours(1), errors);
        var peerId = Single(query, "peerId", errors);
        if (peerId is not null && !Identifiers.IsValidPeerId(peerId)) errors.Add("peerId: must be letters, digits and '_', 1-32 characters");
        var groupId = Single(query, "groupId", errors);
        if (groupId is not null && !Identifiers.IsValidGroupId(groupId)) errors.Add($"groupId: {ApiJson.GroupIdRule}");
        var message = Single(query, "message", errors);
        if (message is not null && !MessageName().IsMatch(message)) errors.Add("message: must be an OSCP message name (lower case and '_', e.g. update_group_capacity_forecast)");
        var direction = Single(query, "direction", errors);
        if (direction is not null && !JournalDirections.IsValid(direction)) errors.Add("direction: must be in or out");
        var max = export ? MaxExportLimit : MaxLimit;
        var limit = export ? MaxExportLimit : DefaultLimit;
        if (Single(query, "limit", errors) is { } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > max))
            errors.Add($"limit: must be a whole number from 1 to {max.ToString("N0", CultureInfo.InvariantCulture)}");
        string? after = null;
        if (Single(query, "cursor", errors) is { } cursor)
        {
            after = DecodeCursor(cursor);
            if (after is null) errors.Add("cursor: is not a cursor this endpoint returned");
            else if (errors.Count == 0 && (JournalTable.AtOf(after) < from || JournalTable.AtOf(after) >= to))
                errors.Add("cursor: belongs to another time range (pass the same from and to as the query that returned it)");
        }

        return errors.Count > 0 ? (null, errors) : (new JournalFilter(from, to, peerId, groupId, message, direction, limit, after), errors);
    }

    /// <summary>The opaque cursor continuing after <paramref name="rowKey"/>.</summary>
    public static string EncodeCursor(string rowKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(CursorPrefix + rowKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeCursor(string cursor)
    {
        if (cursor.Length is 0 or > 200) return null;
        var base64 = cursor.Replace('-', '+').Replace('_', '/');
        base64 += new string('=', (4 - (base64.Length % 4)) % 4);
        var bytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, bytes, out var length)) return null;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        return text.StartsWith(CursorPrefix, StringComparison.Ordinal) && JournalTable.IsRowKey(text[CursorPrefix.Length..]) ? text[CursorPrefix.Length..] : null;
    }

    private static (DateTimeOffset From, DateTimeOffset To) Range(IQueryCollection query, DateTimeOffset now, TimeSpan defaultSpan, List<string> errors)
    {
        var fromText = Single(query, "from", errors);
        var toText = Single(query, "to", errors);
        var to = now;
        var from = now - defaultSpan;
        var ok = true;
        if (toText is not null && !Rfc3339.TryParse(toText, out to))
        {
            errors.Add($"to: {Rfc3339.Requirement}");
            ok = false;
        }
        if (fromText is not null && !Rfc3339.TryParse(fromText, out from))
        {
            errors.Add($"from: {Rfc3339.Requirement}");
            ok = false;
        }
        else if (fromText is null && ok)
        {
            from = to - defaultSpan;
        }

        if (!ok) return (from, to);
        if (from >= to) errors.Add("from: must be before to");
        else if (to - from > MaxRange) errors.Add($"to: must be at most {MaxRange.TotalDays.ToString(CultureInfo.InvariantCulture)} days after from");
        return (from.ToUniversalTime(), to.ToUniversalTime());
    }

    private static string? Single(IQueryCollection query, string name, List<string> errors)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count != 1)
        {
            errors.Add($"{name}: must be given once");
            return null;
        }

        if (string.IsNullOrEmpty(values[0]))
        {
            errors.Add($"{name}: must not be empty (leave it out instead)");
            return null;
        }

        return values[0];
    }

    private static List<string> Unknown(IQueryCollection query, string[] known) =>
        [.. query.Keys.Where(k => !known.Contains(k, StringComparer.Ordinal)).Order(StringComparer.Ordinal)
            .Select(k => $"{(k.Length > 40 ? k[..40] : k)}: is not a parameter of this endpoint (known: {string.Join(", ", known)})")];

    [GeneratedRegex("^[a-z_]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex MessageName();
}
