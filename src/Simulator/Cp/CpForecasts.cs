using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Forecasts to the FP: on demand, and every <c>ForecastPeriodMinutes</c> (on the simulator's clock) to every
/// configured site while connected and not silent. Remembers each site's last delivered forecast request id,
/// the id the FP's compliance errors must correlate to.
/// </summary>
internal sealed class CpForecasts(
    CpOutbound outbound,
    CpConnection connection,
    CpScript script,
    CpSimulatorOptions options,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<CpForecasts> logger) : IDisposable
{
    // Enough to keep a few thousand sites moving without flooding a local FP.
    private const int Parallelism = 8;

    private readonly ConcurrentDictionary<string, string> _lastRequestIds = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;

    /// <summary>The request id of the last forecast each site accepted.</summary>
    public IReadOnlyDictionary<string, string> LastRequestIds => new Dictionary<string, string>(_lastRequestIds, StringComparer.Ordinal);

    /// <summary>Starts the periodic schedule (nothing when the period is 0).</summary>
    public void StartSchedule()
    {
        if (options.ForecastPeriodMinutes <= 0) return;
        var period = TimeSpan.FromMinutes(options.ForecastPeriodMinutes);
        _timer = time.CreateTimer(static state => ((CpForecasts)state!).SendScheduled(), this, period, period);
    }

    /// <summary>Sends the scheduled forecasts now, if the schedule is on and the connection online.</summary>
    public void SendScheduled()
    {
        if (options.ForecastPeriodMinutes <= 0 || options.Sites.Count == 0 || !connection.IsOnline || script.Silent || _stopping.IsCancellationRequested)
            return;
        _ = SendInBackgroundAsync();
    }

    /// <summary>Sends the forecast <paramref name="request"/> describes to its site, or to every configured site.</summary>
    public async Task<IReadOnlyList<SentMessage>> SendAsync(ForecastRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        outbound.EnsureNotSilent();
        IReadOnlyList<string> groups = request.GroupId is { } one ? [one] : options.Sites;
        if (groups.Count == 0)
            throw new ArgumentException("No site is configured (Simulator:Cp:Sites): name a groupId.", nameof(request));

        var now = time.GetUtcNow();
        // Built up front, so a bad request fails before anything is sent.
        var forecasts = groups.Select(g => ForecastFactory.Build(g, request, now, options)).ToArray();
        var results = new SentMessage[forecasts.Length];
        await Parallel.ForAsync(0, forecasts.Length, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await SendOneAsync(forecasts[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return results;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        _stopping.Cancel();
    }

    private async Task<SentMessage> SendOneAsync(UpdateGroupCapacityForecast forecast, CancellationToken cancellationToken)
    {
        var sent = await outbound.SendAsync(
            forecast,
            forecast.GroupId,
            settle: s =>
            {
                if (!s.Delivered) return;
                _lastRequestIds[forecast.GroupId] = s.RequestId;
                var first = forecast.ForecastedBlocks[0];
                CpSimulatorLog.ForecastSent(logger, forecast.GroupId, forecast.Type, forecast.ForecastedBlocks.Count, first.Capacity, first.StartTime, s.RequestId);
            },
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return sent;
    }

    private async Task SendInBackgroundAsync()
    {
        try
        {
            await SendAsync(new ForecastRequest(), _stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
        catch (InvalidOperationException)
        {
            // Went silent between the check and the send.
        }
        catch (Exception e)
        {
            CpSimulatorLog.SendCrashed(logger, OscpMessageKind.UpdateGroupCapacityForecast, e);
        }
    }
}
