using CsCheck;
using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Oscp.Tests.Outbox;

/// <summary>
/// Which message of a site's outbox goes next, over random queues: urgent messages (compliance errors, capacity
/// requests) before reports, each class in its own order, and nothing in back-off holds up the other class.
/// </summary>
public sealed class OutboxOrderProperties
{
    private sealed record Message(int Id, bool Urgent, bool Due);

    /// <summary>Queues of up to 40 messages, ids increasing (oldest first), any mix of classes and back-offs.</summary>
    private static readonly Gen<List<Message>> GenQueue = Gen.Select(Gen.Bool, Gen.Bool).Array[0, 40]
        .Select(items => items.Select((m, i) => new Message(i + 1, m.Item1, m.Item2)).ToList());

    private static int Next(List<Message> queue) => OutboxRules.NextToSend(queue, m => m.Urgent, m => m.Due);

    [Fact]
    public void The_next_message_is_always_the_oldest_of_its_class() =>
        GenQueue.Sample(queue =>
        {
            var next = Next(queue);
            if (next < 0) return;
            Assert.DoesNotContain(queue.Take(next), m => m.Urgent == queue[next].Urgent);
            Assert.True(queue[next].Due);
        });

    [Fact]
    public void The_oldest_urgent_message_goes_first_when_due_whatever_the_reports_do() =>
        GenQueue.Sample(queue =>
        {
            var head = queue.FindIndex(m => m.Urgent);
            if (head < 0 || !queue[head].Due) return;
            Assert.Equal(head, Next(queue));
        });

    [Fact]
    public void A_report_goes_only_when_no_urgent_message_is_due_and_an_urgent_message_in_back_off_does_not_block_it() =>
        GenQueue.Sample(queue =>
        {
            var urgent = queue.FirstOrDefault(m => m.Urgent);
            var report = queue.FindIndex(m => !m.Urgent);
            var next = Next(queue);
            if (next >= 0 && !queue[next].Urgent) Assert.False(urgent?.Due ?? false);
            if (urgent is not { Due: true } && report >= 0 && queue[report].Due) Assert.Equal(report, next);
        });

    [Fact]
    public void Nothing_goes_only_when_neither_class_has_a_due_oldest_message() =>
        GenQueue.Sample(queue =>
        {
            var heads = new[] { queue.FirstOrDefault(m => m.Urgent), queue.FirstOrDefault(m => !m.Urgent) };
            Assert.Equal(heads.Any(h => h is { Due: true }), Next(queue) >= 0);
        });

    [Fact]
    public void With_nothing_in_back_off_a_queue_drains_urgent_messages_first_then_reports_each_oldest_first() =>
        GenQueue.Sample(queue =>
        {
            var due = queue.Select(m => m with { Due = true }).ToList();
            var sent = new List<Message>();
            while (Next(due) is var next and >= 0)
            {
                sent.Add(due[next]);
                due.RemoveAt(next);
            }

            Assert.Empty(due);
            Assert.Equal(queue.Where(m => m.Urgent).Concat(queue.Where(m => !m.Urgent)).Select(m => m.Id), sent.Select(m => m.Id));
        });

    [Fact]
    public void Draining_with_random_failures_and_back_offs_keeps_each_class_in_order_and_delivers_everything() =>
        Gen.Select(Gen.Select(Gen.Bool, Gen.Int[0, 3]).Array[0, 30], Gen.Int[1, 6]).Sample((items, backoff) =>
        {
            // Each message fails its first n attempts; a failure backs it off for `backoff` steps.
            var queue = items.Select((m, i) => (Id: i + 1, Urgent: m.Item1, Failures: m.Item2, DueAt: 0)).ToList();
            var delivered = new List<(int Id, bool Urgent)>();
            for (var t = 0; queue.Count > 0; t++)
            {
                Assert.True(t < 10_000, "the queue never drained");
                var next = OutboxRules.NextToSend(queue, m => m.Urgent, m => m.DueAt <= t);
                if (next < 0) continue;
                var urgentHead = queue.FindIndex(m => m.Urgent);
                if (urgentHead >= 0 && queue[urgentHead].DueAt <= t) Assert.Equal(urgentHead, next);
                var message = queue[next];
                if (message.Failures > 0)
                {
                    queue[next] = message with { Failures = message.Failures - 1, DueAt = t + backoff };
                    continue;
                }
                delivered.Add((message.Id, message.Urgent));
                queue.RemoveAt(next);
            }

            Assert.Equal(items.Length, delivered.Count);
            foreach (var urgent in new[] { true, false })
            {
                var ids = delivered.Where(m => m.Urgent == urgent).Select(m => m.Id).ToList();
                Assert.Equal(ids.Order(), ids);
            }
        });

    [Fact]
    public void Trim_drops_the_oldest_reports_first_and_an_urgent_message_only_when_no_report_is_left() =>
        Gen.Select(GenQueue, Gen.Int[1, 45]).Sample((queue, max) =>
        {
            var trimmed = queue.ToList();

            var removed = OutboxRules.Trim(trimmed, max, m => !m.Urgent, _ => true);

            Assert.Equal(Math.Min(queue.Count, max), trimmed.Count);
            Assert.Equal(queue.Where(m => !removed.Contains(m)).Select(m => m.Id), trimmed.Select(m => m.Id));
            if (removed.Any(m => m.Urgent)) Assert.DoesNotContain(trimmed, m => !m.Urgent);
            var removedReports = removed.Where(m => !m.Urgent).Select(m => m.Id).ToList();
            Assert.Equal(queue.Where(m => !m.Urgent).Take(removedReports.Count).Select(m => m.Id), removedReports);
        });
}
