using Orleans.Core.Internal;
using OscpFleet.Grains.Sites;
using OscpFleet.Grains.Tests.Infrastructure;
using OscpFleet.Oscp.Outbox;
using OscpFleet.Oscp.Wire;
using static OscpFleet.Grains.Tests.Infrastructure.Sites;

namespace OscpFleet.Grains.Tests;

/// <summary>
/// Idempotency-Keys of capacity requests and compliance errors, kept by the site: a repeat answers the first answer and
/// queues nothing, another body is refused, keys are per endpoint, forgotten after 24 h of the product clock and bounded.
/// This cluster's peer never connects, so whatever is queued stays in the outbox to be counted.
/// </summary>
[Collection(SiteClusterCollection.Name)]
public sealed class SiteIdempotencyTests(SiteCluster cluster)
{
    private const string Capacity = "capacity-requests";
    private const string Compliance = "compliance-errors";

    [Fact]
    public async Task A_repeated_key_answers_the_first_answer_and_queues_nothing_even_after_the_site_was_deactivated()
    {
        var (groupId, site) = await OnboardAsync();
        var key = new IdempotentRequest(Capacity, "key-1", "HASH-A");

        var first = await RequestAsync(site, 100, key);
        var again = await RequestAsync(site, 100, key);
        await site.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var afterReload = await RequestAsync(site, 100, key);

        Assert.Equal(OutboxStatus.Queued, first.Status);
        Assert.Equal(first, again);
        Assert.Equal(first, afterReload);
        Assert.Equal([first.MessageId!.Value], await QueuedIdsAsync(site));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_refused_and_queues_nothing()
    {
        var (_, site) = await OnboardAsync();
        var first = await RequestAsync(site, 100, new IdempotentRequest(Capacity, "key-1", "HASH-A"));

        var other = await RequestAsync(site, 120, new IdempotentRequest(Capacity, "key-1", "HASH-B"));

        Assert.Equal(OutboxStatus.KeyReused, other.Status);
        Assert.Null(other.MessageId);
        Assert.Contains("different request body", other.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("key-1", other.Detail, StringComparison.Ordinal);
        Assert.Equal([first.MessageId!.Value], await QueuedIdsAsync(site));
    }

    [Fact]
    public async Task Keys_are_scoped_per_endpoint_and_without_a_key_every_request_is_queued()
    {
        var (_, site) = await OnboardAsync();
        var now = cluster.Clock.GetUtcNow();

        var capacity = await RequestAsync(site, 100, new IdempotentRequest(Capacity, "shared", "HASH-A"));
        var compliance = await site.ReportComplianceErrorAsync("charger offline", now, now.AddMinutes(15), new IdempotentRequest(Compliance, "shared", "HASH-A"));
        var unkeyed1 = await RequestAsync(site, 100, null);
        var unkeyed2 = await RequestAsync(site, 100, null);

        Assert.Equal(OutboxStatus.Queued, compliance.Status);
        Assert.Equal(
            new[] { capacity, compliance, unkeyed1, unkeyed2 }.Select(o => o.MessageId!.Value),
            await QueuedIdsAsync(site));
    }

    [Fact]
    public async Task A_key_is_remembered_for_24_hours_of_the_product_clock_and_is_new_afterwards()
    {
        var (_, site) = await OnboardAsync();
        var key = new IdempotentRequest(Capacity, "daily", "HASH-A");
        var first = await RequestAsync(site, 100, key);

        cluster.Clock.Advance(IdempotencyKeys.KeptFor - TimeSpan.FromSeconds(1));
        var justBefore = await RequestAsync(site, 100, key);
        cluster.Clock.Advance(TimeSpan.FromSeconds(1));
        var after = await RequestAsync(site, 120, key with { BodyHash = "HASH-B" });

        Assert.Equal(first, justBefore);
        Assert.Equal(OutboxStatus.Queued, after.Status);
        Assert.NotEqual(first.MessageId, after.MessageId);
        Assert.Contains(after.MessageId!.Value, await QueuedIdsAsync(site));
    }

    [Fact]
    public async Task A_repeated_compliance_error_key_answers_the_first_duplicate_verdict_too()
    {
        var (_, site) = await OnboardAsync();
        var now = cluster.Clock.GetUtcNow();
        var queued = await site.ReportComplianceErrorAsync("charger offline", now, now.AddMinutes(15), new IdempotentRequest(Compliance, "a", "HASH-A"));
        var duplicate = await site.ReportComplianceErrorAsync("charger offline", now, now.AddMinutes(15), new IdempotentRequest(Compliance, "b", "HASH-A"));

        var repeatedA = await site.ReportComplianceErrorAsync("charger offline", now, now.AddMinutes(15), new IdempotentRequest(Compliance, "a", "HASH-A"));
        var repeatedB = await site.ReportComplianceErrorAsync("charger offline", now, now.AddMinutes(15), new IdempotentRequest(Compliance, "b", "HASH-A"));

        Assert.Equal(OutboxStatus.Queued, queued.Status);
        Assert.Equal(OutboxStatus.Duplicate, duplicate.Status);
        Assert.Equal(queued, repeatedA);
        Assert.Equal(duplicate, repeatedB);
    }

    [Fact]
    public async Task Beyond_the_bound_the_oldest_key_is_forgotten_first()
    {
        var (_, site) = await OnboardAsync();
        var outcomes = new List<OutboxOutcome>();
        for (var i = 0; i <= IdempotencyKeys.MaxPerSite; i++)
            outcomes.Add(await RequestAsync(site, 100, new IdempotentRequest(Capacity, $"k{i}", "HASH-A")));

        var secondAgain = await RequestAsync(site, 100, new IdempotentRequest(Capacity, "k1", "HASH-A"));
        var firstAgain = await RequestAsync(site, 100, new IdempotentRequest(Capacity, "k0", "HASH-A"));

        Assert.Equal(outcomes[1], secondAgain);
        Assert.Equal(OutboxStatus.Queued, firstAgain.Status);
        Assert.NotEqual(outcomes[0].MessageId, firstAgain.MessageId);
    }

    [Fact]
    public async Task Recalling_a_key_gives_its_first_answer_or_the_refusal_and_queues_nothing()
    {
        var (_, site) = await OnboardAsync();
        var first = await RequestAsync(site, 100, new IdempotentRequest(Capacity, "known", "HASH-A"));

        var same = await site.RecallIdempotentAsync(new IdempotentRequest(Capacity, "known", "HASH-A"));
        var other = await site.RecallIdempotentAsync(new IdempotentRequest(Capacity, "known", "HASH-B"));
        var otherEndpoint = await site.RecallIdempotentAsync(new IdempotentRequest(Compliance, "known", "HASH-A"));
        var unknown = await site.RecallIdempotentAsync(new IdempotentRequest(Capacity, "unknown", "HASH-A"));

        Assert.Equal(first, same);
        Assert.Equal(OutboxStatus.KeyReused, other!.Status);
        Assert.Null(otherEndpoint);
        Assert.Null(unknown);
        Assert.Equal([first.MessageId!.Value], await QueuedIdsAsync(site));
    }

    private async Task<(string GroupId, ISiteGrain Site)> OnboardAsync()
    {
        var groupId = NewGroupId();
        await cluster.Site(groupId).UpsertAsync(Definition());
        return (groupId, cluster.Site(groupId));
    }

    private Task<OutboxOutcome> RequestAsync(ISiteGrain site, double kw, IdempotentRequest? key)
    {
        var from = Minute(cluster.Clock.GetUtcNow()).AddHours(1);
        return site.RequestCapacityAsync(CapacityForecastType.Consumption, [Kw(kw, from, from.AddMinutes(15))], key);
    }

    private static async Task<IReadOnlyList<long>> QueuedIdsAsync(ISiteGrain site) =>
        [.. (await site.GetOutboxAsync())!.Queued.Where(m => m.PeriodStart is null).Select(m => m.Id)];
}
