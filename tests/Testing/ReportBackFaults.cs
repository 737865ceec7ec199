using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace OscpFleet.Testing;

/// <summary>
/// A grain call filter on the silo that refuses the next N report-backs of one site's limit webhook (the site's
/// internal <c>DeliveryFinishedAsync</c> call, made once the CSMS answered) and signals every one the site did take.
/// </summary>
public sealed class ReportBackFaults : IIncomingGrainCallFilter
{
    private const string Method = "DeliveryFinishedAsync";
    private readonly Lock gate = new();
    private readonly List<(string Site, long Version, TaskCompletionSource Done)> waiters = [];
    private readonly HashSet<(string Site, long Version)> taken = [];
    private string? site;
    private int toFail;
    private int refused;

    /// <summary>Report-backs refused so far.</summary>
    public int Refused => Volatile.Read(ref refused);

    /// <summary>Refuses the next <paramref name="count"/> report-backs to site <paramref name="groupId"/>.</summary>
    public void FailNext(string groupId, int count)
    {
        Volatile.Write(ref site, groupId);
        Volatile.Write(ref toFail, count);
    }

    /// <summary>Completes once site <paramref name="groupId"/> took a report-back for <paramref name="version"/> that said "delivered".</summary>
    public Task WaitForDeliveredAsync(string groupId, long version, TimeSpan timeout)
    {
        lock (gate)
        {
            if (taken.Contains((groupId, version))) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiters.Add((groupId, version, done));
            return done.Task.WaitAsync(timeout);
        }
    }

    /// <inheritdoc />
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (context.InterfaceMethod?.Name != Method)
        {
            await context.Invoke();
            return;
        }
        var groupId = context.TargetId.Key.ToString()!;
        if (groupId == Volatile.Read(ref site) && Interlocked.Decrement(ref toFail) >= 0)
        {
            Interlocked.Increment(ref refused);
            throw new InvalidOperationException("injected fault: the report-back of a limit webhook was refused");
        }

        await context.Invoke();
        if (context.Request.GetArgument(1) is not true) return;
        var version = (long)context.Request.GetArgument(0)!;
        lock (gate)
        {
            taken.Add((groupId, version));
            foreach (var waiter in waiters.Where(w => w.Site == groupId && w.Version == version)) waiter.Done.TrySetResult();
            waiters.RemoveAll(w => w.Site == groupId && w.Version == version);
        }
    }

    /// <summary>Registers <paramref name="faults"/> as a grain call filter of the silo being built.</summary>
    public static void Register(WebApplicationBuilder builder, ReportBackFaults faults) =>
        builder.Services.AddSingleton<IIncomingGrainCallFilter>(faults);
}
