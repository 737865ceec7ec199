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

        // It came through the connection gate, so the peer is Online: the connection is live for limits again.
        State.PeerOnline = true;
        State.ConnectionLost = false;
        var connection = new ElectricalConnection(definition.NominalVoltage, definition.Phases);
        State.Forecasts = State.Forecasts.Apply(forecast.Type, forecast.ForecastedBlocks, connection, requestId).PruneBefore(receivedAt.AddHours(-1));
        if (ForecastProfile.IsAllZero(forecast.ForecastedBlocks)) State.AllZeroRequestIds.Add(requestId);
        var held = State.Forecasts.RequestIds();
        State.AllZeroRequestIds = [.. State.AllZeroRequestIds.Where(held.Contains)];
        State.RecentRequestIds.Add(requestId);
        if (State.RecentRequestIds.Count > SiteState.RememberedRequestIds) State.RecentRequestIds.RemoveAt(0);
        State.LatestForecastRequestId = requestId;
        State.LatestForecastAt = receivedAt;
        IssueIfChanged(receivedAt, force: false);
        await SaveAsync();
        LogForecast(GroupId, requestId, forecast.Type, forecast.ForecastedBlocks.Count, State.Current?.Version ?? 0);
        await PublishAsync();
        StartDeliveryIfDue();
        return metrics.Forecast(peerId, ForecastOutcome.Accepted);
    }
}
