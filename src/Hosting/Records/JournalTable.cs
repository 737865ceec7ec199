using System.Globalization;
using Azure.Data.Tables;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Journal;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// The message journal's table, <c>OscpFleetJournal</c> (docs/decisions.md, "The message journal and the site
/// history"). Every entry is a row of its UTC day's partition <c>&lt;serviceId&gt;|d|yyyyMMdd</c> with the row key
/// <c>&lt;UTC ticks, 19 digits&gt;-&lt;writer&gt;-&lt;sequence&gt;</c>: rows sort by time, and a key is unique across
/// processes. An entry about a site is also a row of its site's shard of the month,
/// <c>&lt;serviceId&gt;|g|yyyyMM|~&lt;shard&gt;</c> (<see cref="SiteShard"/>), keyed <c>&lt;groupId&gt;|&lt;day row's key&gt;</c>:
/// a site's entries are one row-key range of one partition per month, in time order. Time comes first in every
/// partition name after the service id, so retention removes old rows with one range query per kind.
/// Until the retention period has passed, readers also read the earlier layout's site-month partitions
/// <c>&lt;serviceId&gt;|g|yyyyMM|&lt;groupId&gt;</c> (<see cref="LegacyGroupPartition"/>), whose keys are the plain ones.
/// </summary>
public static class JournalTable
{
    /// <summary>The table's name.</summary>
    public const string TableName = "OscpFleetJournal";

    /// <summary>The day partition of <paramref name="at"/>.</summary>
    public static string DayPartition(string serviceId, DateTimeOffset at) =>
        $"{serviceId}|d|{at.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    /// <summary>The month partition of <paramref name="groupId"/>'s shard at <paramref name="at"/>.</summary>
    public static string GroupPartition(string serviceId, string groupId, DateTimeOffset at) =>
        $"{serviceId}|g|{Month(at)}|{SiteShard.Of(groupId)}";

    /// <summary>The site-month partition of the earlier layout (one partition per site; read, never written).</summary>
    public static string LegacyGroupPartition(string serviceId, string groupId, DateTimeOffset at) =>
        $"{serviceId}|g|{Month(at)}|{groupId}";

    /// <summary>The key of an entry's row in its site's shard: the group id, <c>|</c>, the day row's key.</summary>
    public static string GroupRowKey(string groupId, string rowKey) => SiteShard.RangeStart(groupId) + rowKey;

    /// <summary>The day row's key of any journal row (a shard row's key without its group id).</summary>
    public static string PlainRowKey(string rowKey) => rowKey[(rowKey.LastIndexOf('|') + 1)..];

    /// <summary>The first row key at or after <paramref name="at"/> (compare with <c>ge</c>).</summary>
    public static string RowKeyFrom(DateTimeOffset at) => at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture);

    /// <summary>The row key of an entry written by <paramref name="writer"/> as its <paramref name="sequence"/>th.</summary>
    public static string RowKey(DateTimeOffset at, string writer, long sequence) =>
        $"{RowKeyFrom(at)}-{writer}-{sequence.ToString("D12", CultureInfo.InvariantCulture)}";

    /// <summary>True when <paramref name="rowKey"/> has the shape of a journal row key.</summary>
    public static bool IsRowKey(string rowKey) =>
        rowKey.Length is > 21 and <= 64
        && rowKey.AsSpan(0, 19).IndexOfAnyExceptInRange('0', '9') < 0
        && rowKey[19] == '-'
        && rowKey.AsSpan(20).IndexOfAnyExcept("0123456789abcdefghijklmnopqrstuvwxyz-") < 0;

    /// <summary>The instant a row key was written for.</summary>
    public static DateTimeOffset AtOf(string rowKey) =>
        new(long.Parse(rowKey.AsSpan(0, 19), NumberStyles.None, CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>
    /// The rows of <paramref name="entry"/>: its day's, and its site's when it names a valid group id. The body is
    /// redacted here (<see cref="JournalBodies.Prepare"/>), off the request path.
    /// </summary>
    public static IEnumerable<TableTransactionAction> Rows(string serviceId, OscpJournalEntry entry, string writer, long sequence)
    {
        var (utf8, bodyGroup) = JournalBodies.PrepareUtf8(entry.Message, entry.Body, entry.BodyTruncated);
        var body = StoredBody.Of(utf8.Span);
        var groupId = Cap(entry.GroupId ?? bodyGroup, 128);
        var rowKey = RowKey(entry.At, writer, sequence);
        var row = Row(DayPartition(serviceId, entry.At), rowKey, entry, groupId, body);
        yield return new TableTransactionAction(TableTransactionActionType.UpsertReplace, row);
        if (Identifiers.IsValidGroupId(groupId))
            yield return new TableTransactionAction(TableTransactionActionType.UpsertReplace, Row(GroupPartition(serviceId, groupId!, entry.At), GroupRowKey(groupId!, rowKey), entry, groupId, body));
    }

    /// <summary>The API's view of a row.</summary>
    public static JournalRecord Read(TableEntity row) => new(
        row.GetDateTimeOffset("At") ?? AtOf(PlainRowKey(row.RowKey)),
        row.GetString("Direction") ?? "",
        row.GetString("PeerId") ?? "",
        row.GetString("GroupId"),
        row.GetString("Message") ?? "",
        row.GetString("RequestId"),
        row.GetString("CorrelationId"),
        row.GetInt32("Status"),
        row.GetDouble("LatencyMs") ?? 0,
        StoredBody.Read(row));

    private static TableEntity Row(string partition, string rowKey, OscpJournalEntry entry, string? groupId, StoredBody body)
    {
        var row = new TableEntity(partition, rowKey)
        {
            ["At"] = entry.At.ToUniversalTime(),
            ["Direction"] = entry.Direction,
            ["PeerId"] = Cap(entry.PeerId, 64),
            ["GroupId"] = groupId,
            ["Message"] = Cap(entry.Message, 64),
            ["RequestId"] = Cap(entry.RequestId, 128),
            ["CorrelationId"] = Cap(entry.CorrelationId, 128),
            ["Status"] = entry.Status,
            ["LatencyMs"] = Math.Round(entry.LatencyMs, 3),
        };
        body.WriteTo(row);
        return row;
    }

    private static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture);

    private static string? Cap(string? value, int length) => value is { } text && text.Length > length ? text[..length] : value;
}

/// <summary>One journal entry as the operator API shows it.</summary>
/// <param name="At">When it was received or sent (UTC).</param>
/// <param name="Direction"><c>in</c> or <c>out</c>.</param>
/// <param name="PeerId">The peer.</param>
/// <param name="GroupId">The site it is about, if any.</param>
/// <param name="Message">The OSCP message name.</param>
/// <param name="RequestId">Its <c>X-Request-ID</c>.</param>
/// <param name="CorrelationId">Its <c>X-Correlation-ID</c>, if any.</param>
/// <param name="Status">The HTTP status of the answer; null when none came.</param>
/// <param name="LatencyMs">Request to answer, in milliseconds.</param>
/// <param name="Body">The body as text (secrets redacted; at most 16 KiB, longer ones cut and marked).</param>
public sealed record JournalRecord(
    DateTimeOffset At,
    string Direction,
    string PeerId,
    string? GroupId,
    string Message,
    string? RequestId,
    string? CorrelationId,
    int? Status,
    double LatencyMs,
    string Body);
