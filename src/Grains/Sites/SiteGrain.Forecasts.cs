using OscpFleet.Oscp.Forecasting;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Grains.Sites;

/// <summary>Forecast intake: merged ("newest wins per instant") and persisted before the gateway answers 204.</summary>
public sealed partial class SiteGrain
{
    /// <inheritdoc />
    public async Task<ForecastOutcome> ReceiveForecastAsync(string peerId, string requestId, UpdateGroupCapacityForecast forecast)
    {
        var receivedAt = Now;
        if (!Exists) return metrics.Forecast(peerId, ForecastOutcome.UnknownSite);
        var definition = State.Definition!;
        if (definition.PeerId != peerId) return metrics.Forecast(peerId, ForecastOutcome.WrongPeer);
        if (State.RecentRequestIds.Contains(requestId)) return metrics.Forecast(peerId, ForecastOutcome.Duplicate);

        if (!State.PeerOnline || State.ConnectionLost)
        {
            // The gate let it through, but the site last heard the connection was down: ask the peer rather than assume
            // (a forecast that passed the gate just before the loss must not make the site live again).
            var link = await PeerLinkAsync(peerId);
            State.PeerOnline = link.Online;
            State.ConnectionLost = link.LimitsLost;
        }
        var connection = new ElectricalConnection(definition.NominalVoltage, definition.Phases);
        State.Forecasts = State.Forecasts.Apply(forecast.Type, forecast.ForecastedBlocks, connection, requestId).PruneBefore(receivedAt.AddHours(-1));
        if (ForecastProfile.IsAllZero(forecast.ForecastedBlocks)) State.AllZeroRequestIds.Add(requestId);
        var held = State.Forecasts.RequestIds();
        State.AllZeroRequestIds = [.. State.AllZeroRequestIds.Where(held.Contains)];
        State.RecentRequestIds.Add(requestId);
        State.LatestForecastRequestId = requestId;
        State.LatestForecastAt = receivedAt;
        IssueIfChanged(receivedAt, force: false);
        await SaveAsync();
        // The webhook goes out as soon as the version is stored; the registry's listing (a view) is told after.
        StartDeliveryIfDue();
        LogForecast(GroupId, requestId, forecast.Type, forecast.ForecastedBlocks.Count, State.Current?.Version ?? 0);
        await PublishAsync();
        return metrics.Forecast(peerId, ForecastOutcome.Accepted);
    }
}
