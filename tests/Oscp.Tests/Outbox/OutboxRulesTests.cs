using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Oscp.Tests.Outbox;

public sealed class OutboxRulesTests
{
    private sealed record Message(int Id, bool Report);

    private static List<Message> Queue(params (int Id, bool Report)[] items) => [.. items.Select(i => new Message(i.Id, i.Report))];

    [Fact]
    public void Trim_drops_the_oldest_reports_first_and_keeps_the_rest_in_order()
    {
        var queue = Queue((1, true), (2, false), (3, true), (4, true), (5, false));

        var removed = OutboxRules.Trim(queue, 3, m => m.Report, _ => true);

        Assert.Equal([1, 3], removed.Select(m => m.Id));
        Assert.Equal([2, 4, 5], queue.Select(m => m.Id));
    }

    [Fact]
    public void Trim_drops_other_messages_only_when_no_report_is_left()
    {
        var queue = Queue((1, false), (2, true), (3, false), (4, false));

        var removed = OutboxRules.Trim(queue, 2, m => m.Report, _ => true);

        Assert.Equal([2, 1], removed.Select(m => m.Id));
        Assert.Equal([3, 4], queue.Select(m => m.Id));
    }

    [Fact]
    public void Trim_never_drops_a_message_it_may_not_drop()
    {
        var queue = Queue((1, true), (2, true), (3, true));

        var removed = OutboxRules.Trim(queue, 1, m => m.Report, m => m.Id != 1);

        Assert.Equal([2, 3], removed.Select(m => m.Id));
        Assert.Equal([1], queue.Select(m => m.Id));
    }

    [Fact]
    public void Trim_within_the_bound_changes_nothing()
    {
        var queue = Queue((1, true), (2, false));

        Assert.Empty(OutboxRules.Trim(queue, 2, m => m.Report, _ => true));
        Assert.Equal(2, queue.Count);
    }
}
