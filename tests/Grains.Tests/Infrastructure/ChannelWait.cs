using System.Threading.Channels;

namespace OscpFleet.Grains.Tests.Infrastructure;

/// <summary>Waiting for the next item a fake recorded: the explicit signal the grain tests wait on.</summary>
internal static class ChannelWait
{
    /// <summary>The next item of <paramref name="reader"/>; a <see cref="TimeoutException"/> saying <paramref name="missing"/> when none comes in time.</summary>
    public static async Task<T> NextAsync<T>(ChannelReader<T> reader, TimeSpan timeout, Func<string> missing)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            return await reader.ReadAsync(cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw new TimeoutException($"{missing()} within {timeout}");
        }
    }
}
