using Microsoft.Extensions.Time.Testing;
using OscpFleet.Grains.Outbound;

namespace OscpFleet.Grains.Tests;

/// <summary>The one off-scheduler send pattern: nothing can leave a slot busy for good.</summary>
public sealed class OutboundSlotTests
{
    private static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_answer_reported_back_frees_the_slot_for_that_call_only()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var reported = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        _ = slot.Start(7, _ => Task.FromResult(42), _ => -1, result => { reported.SetResult(result); return Task.CompletedTask; }, _ => { });

        Assert.Equal(42, await reported.Task.WaitAsync(Patience));
        Assert.False(slot.IsFree(out _));
        Assert.False(slot.Finish(6));
        Assert.True(slot.Finish(7));
        Assert.True(slot.IsFree(out var lost));
        Assert.Null(lost);
    }

    [Fact]
    public async Task The_answer_is_known_to_the_starter_before_it_is_reported_back()
    {
        // A grain that deactivates while its call is on the wire applies the answer itself; the report-back may be stuck
        // behind the deactivation.
        var slot = new OutboundSlot(clock, LostAfter);
        var reportBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answer = slot.Start(5, _ => Task.FromResult(204), _ => -1, _ => reportBack.Task, _ => { });

        Assert.Equal(204, await answer.WaitAsync(Patience));
        Assert.False(reportBack.Task.IsCompleted);
        Assert.False(slot.IsFree(out _));
        reportBack.SetResult();
    }

    [Fact]
    public async Task A_send_that_throws_gives_the_starter_the_failed_result_too()
    {
        var slot = new OutboundSlot(clock, LostAfter);

        var answer = slot.Start(2, _ => Task.FromException<string>(new HttpRequestException("refused")), e => $"failed: {e.GetType().Name}",
            _ => Task.CompletedTask, _ => { });

        Assert.Equal("failed: HttpRequestException", await answer.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_send_that_throws_is_reported_back_as_a_failed_result()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var reported = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);

        _ = slot.Start(1, _ => Task.FromException<string>(new HttpRequestException("refused")), e => $"failed: {e.GetType().Name}",
            result => { reported.SetResult(result); return Task.CompletedTask; }, _ => { });

        Assert.Equal("failed: HttpRequestException", await reported.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_report_back_that_fails_frees_the_slot_at_once()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var failed = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);

        _ = slot.Start(3, _ => Task.FromResult(true), _ => false, _ => throw new TimeoutException("the grain call timed out"), e => failed.SetResult(e));

        Assert.IsType<TimeoutException>(await failed.Task.WaitAsync(Patience));
        Assert.True(slot.IsFree(out var lost));
        Assert.Null(lost);
    }

    [Fact]
    public void An_answer_that_never_comes_is_given_up_after_the_allowance_on_the_product_clock()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var never = new TaskCompletionSource<bool>();

        _ = slot.Start(9, _ => never.Task, _ => false, _ => Task.CompletedTask, _ => { });
        clock.Advance(LostAfter - TimeSpan.FromTicks(1));
        Assert.False(slot.IsFree(out _));

        clock.Advance(TimeSpan.FromTicks(1));
        Assert.True(slot.IsFree(out var lost));
        Assert.Equal(9, lost);
    }

    [Fact]
    public async Task A_late_report_back_failure_of_an_older_call_never_frees_a_newer_one()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = slot.Start(1, async _ => { await release.Task; return 1; }, _ => 0, _ => throw new InvalidOperationException("lost"), _ => failed.SetResult());
        clock.Advance(LostAfter);
        Assert.True(slot.IsFree(out _));
        var never = new TaskCompletionSource<int>();
        _ = slot.Start(2, _ => never.Task, _ => 0, _ => Task.CompletedTask, _ => { });

        release.SetResult();
        await failed.Task.WaitAsync(Patience);

        Assert.False(slot.IsFree(out _));
        Assert.Equal(2, slot.Key);
    }

    [Fact]
    public async Task A_call_withdrawn_while_it_waits_for_its_turn_never_leaves_reports_nothing_and_frees_the_slot()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var turn = new SemaphoreSlim(0, 1);
        var left = false;
        var reported = false;
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var answer = slot.Start(4, async withdrawn =>
        {
            var wait = turn.WaitAsync(withdrawn);
            waiting.SetResult();
            await wait;
            left = true;
            return 1;
        }, _ => -1, _ => { reported = true; return Task.CompletedTask; }, _ => { });
        await waiting.Task.WaitAsync(Patience);
        slot.Withdraw();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => answer.WaitAsync(Patience));
        turn.Release();
        Assert.False(left);
        Assert.False(reported);
        Assert.True(slot.IsFree(out var lost));
        Assert.Null(lost);
    }

    [Fact]
    public async Task Withdrawing_a_call_already_on_the_wire_changes_nothing_its_answer_comes_and_is_reported()
    {
        var slot = new OutboundSlot(clock, LostAfter);
        var onWire = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var answerArrives = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reported = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);

        // The token is only for the wait before the call leaves: a call past it ignores it.
        var answer = slot.Start(6, async _ =>
        {
            onWire.SetResult();
            return await answerArrives.Task;
        }, _ => -1, result => { reported.SetResult(result); return Task.CompletedTask; }, _ => { });
        await onWire.Task.WaitAsync(Patience);
        slot.Withdraw();
        answerArrives.SetResult(204);

        Assert.Equal(204, await answer.WaitAsync(Patience));
        Assert.Equal(204, await reported.Task.WaitAsync(Patience));
        Assert.False(slot.IsFree(out _));
        Assert.True(slot.Finish(6));
    }
}
