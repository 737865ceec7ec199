namespace OscpFleet.Grains.Sites;

/// <summary>
/// Writing the site's three rows. A failed write deactivates the grain (what is in memory was never stored, so the next
/// call starts over from storage) and surfaces as <see cref="StorageUnavailableException"/> (503 at the gateway).
/// </summary>
public sealed partial class SiteGrain
{
    private async Task SaveAsync()
    {
        await SaveRowAsync(stored);
        marksUnsaved = false;
    }

    /// <summary>Stores the outbox row, with the send claim it carries set for this write (<see cref="ClaimForThisWrite"/>).</summary>
    private Task SaveOutboxAsync()
    {
        ClaimForThisWrite();
        return SaveRowAsync(outboxRow);
    }

    private Task SaveMeterAsync() => SaveRowAsync(meterRow);

    private async Task SaveRowAsync<T>(IPersistentState<T> row)
    {
        try
        {
            await row.WriteStateAsync();
        }
        catch (Exception e) when (e is not StorageUnavailableException)
        {
            // Another activation may have written the row: this one sends nothing more and goes.
            deactivating = true;
            writeFailed = true;
            DeactivateOnIdle();
            LogStorageFailed(GroupId, e.GetType().Name);
            throw new StorageUnavailableException($"site {GroupId}: state could not be stored ({e.GetType().Name})");
        }
    }
}
