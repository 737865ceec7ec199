using OscpFleet.Grains.Peers;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// The sites of a silo share the reads of their peer's status: reads that arrive while a call is on its way get its
/// answer; a read after it was answered makes a new call; a failure reaches the readers that shared the call only.
/// </summary>
public sealed class PeerStatusReadsTests
{
    private static PeerStatus Status(string peerId, ConnectionState state) => new() { PeerId = peerId, Profile = "vector", State = state };

    [Fact]
    public async Task Reads_while_a_call_is_on_its_way_share_its_answer_and_a_later_read_makes_a_new_call()
    {
        var calls = new List<(string PeerId, TaskCompletionSource<PeerStatus> Answer)>();
        var started = new SemaphoreSlim(0);
        var reads = new PeerStatusReads(peerId =>
        {
            var answer = new TaskCompletionSource<PeerStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (calls) calls.Add((peerId, answer));
            started.Release();
            return answer.Task;
        });

        var first = Enumerable.Range(0, 200).Select(_ => reads.GetStatusAsync("vector_test")).ToList();
        var other = reads.GetStatusAsync("other_peer");
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, calls.Count);
        Assert.All(first, t => Assert.False(t.IsCompleted));

        calls.Single(c => c.PeerId == "vector_test").Answer.SetResult(Status("vector_test", ConnectionState.Online));
        var answers = await Task.WhenAll(first).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(answers, a => Assert.Equal(ConnectionState.Online, a.State));
        Assert.False(other.IsCompleted);

        // Answered: the next read asks again and sees what the peer says now.
        var later = reads.GetStatusAsync("vector_test");
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, calls.Count);
        calls[2].Answer.SetResult(Status("vector_test", ConnectionState.Offline));
        Assert.Equal(ConnectionState.Offline, (await later.WaitAsync(TimeSpan.FromSeconds(10))).State);
        calls.Single(c => c.PeerId == "other_peer").Answer.SetResult(Status("other_peer", ConnectionState.Handshaking));
        Assert.Equal(ConnectionState.Handshaking, (await other.WaitAsync(TimeSpan.FromSeconds(10))).State);
    }

    [Fact]
    public async Task A_failed_call_fails_its_sharers_and_the_next_read_makes_a_new_call()
    {
        var attempt = 0;
        var reads = new PeerStatusReads(peerId => Interlocked.Increment(ref attempt) == 1
            ? Task.FromException<PeerStatus>(new TimeoutException("no answer"))
            : Task.FromResult(Status(peerId, ConnectionState.Online)));

        await Assert.ThrowsAsync<TimeoutException>(() => reads.GetStatusAsync("vector_test").WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(ConnectionState.Online, (await reads.GetStatusAsync("vector_test").WaitAsync(TimeSpan.FromSeconds(10))).State);
        Assert.Equal(2, attempt);
    }
}
