namespace OscpFleet.Oscp.Journal;

/// <summary>
/// Where every OSCP message in and out is recorded. <see cref="Record"/> never blocks and never throws: an
/// implementation buffers and writes in the background, and counts what it cannot keep.
/// </summary>
public interface IOscpMessageJournal
{
    /// <summary>Takes <paramref name="entry"/> for the journal; returns at once.</summary>
    void Record(OscpJournalEntry entry);
}
