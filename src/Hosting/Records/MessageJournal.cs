using OscpFleet.Oscp.Journal;

namespace OscpFleet.Hosting.Records;

/// <summary>
/// <see cref="IOscpMessageJournal"/> on <see cref="JournalTable"/>: an entry goes into the process's journal buffer
/// (<see cref="TableBatchWriter{T}"/>, stream <c>journal</c>); redaction and the table rows are made by the writer's loop.
/// </summary>
public sealed class MessageJournal(TableBatchWriter<OscpJournalEntry> writer) : IOscpMessageJournal
{
    /// <summary>Entries the buffer holds at most before it counts drops.</summary>
    public const int BufferCapacity = 20_000;

    /// <inheritdoc />
    public void Record(OscpJournalEntry entry) => writer.TryWrite(entry);
}
