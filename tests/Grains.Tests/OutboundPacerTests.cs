using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Outbound;

namespace OscpFleet.Grains.Tests;

/// <summary>Storm control: never more calls on the wire to one destination than its cap; the rest wait and all go.</summary>
public sealed class OutboundPacerTests
{
    private static OutboundPacer Pacer() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    [Fact]
    public async Task A_burst_to_one_destination_never_exceeds_its_cap_and_every_call_goes()
    {
        using var pacer = Pacer();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = 0;
        var calls = Enumerable.Range(0, 50).Select(async _ =>
        {
            using var place = await pacer.EnterAsync("csms:main", 4);
            Interlocked.Increment(ref entered);
            await release.Task;
        }).ToList();

        // Four are on the wire; the other 46 wait for a place.
        Assert.Equal(4, Volatile.Read(ref entered));
        release.SetResult();
        await Task.WhenAll(calls);

        Assert.Equal(50, entered);
        Assert.Equal(4, pacer.PeakInFlight("csms:main"));
    }

    [Fact]
    public async Task Destinations_have_their_own_caps()
    {
        using var pacer = Pacer();
        using var csms = await pacer.EnterAsync("csms:main", 1);
        // The CSMS's only place is taken; the CP's outbox still goes.
        var peer = pacer.EnterAsync("peer:vector", 1);
        Assert.True(peer.IsCompletedSuccessfully);
        var second = pacer.EnterAsync("csms:main", 1);
        Assert.False(second.IsCompleted);
        csms.Dispose();
        (await second).Dispose();
        (await peer).Dispose();
        Assert.Equal(1, pacer.PeakInFlight("csms:main"));
    }
}
