using OscpFleet.Gateway.Api;
using OscpFleet.Grains;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Oscp;

/// <summary><c>POST /oscp/fp/2.0/update_group_capacity_forecast</c>: the DOE path's entry.</summary>
public static class ForecastEndpoints
{
    /// <summary>Maps the endpoint on the gated OSCP group (409 while the connection is not Online).</summary>
    public static RouteGroupBuilder MapForecastEndpoints(this RouteGroupBuilder gated)
    {
        gated.MapPost("/update_group_capacity_forecast", UpdateGroupCapacityForecastAsync)
            .WithSummary("OSCP 2.0 UpdateGroupCapacityForecast: a DOE for one site, merged and persisted before the 204")
            .DocumentBody<UpdateGroupCapacityForecast>("""
                {"group_id":"BUS_AUK_1","type":"CONSUMPTION","forecasted_blocks":[{"capacity":120,"phase":"ALL","unit":"KW",
                 "start_time":"2026-11-26T12:00:00Z","end_time":"2026-11-26T12:15:00Z"}]}
                """)
            .Produces(StatusCodes.Status204NoContent)
            .Produces<OscpError>(StatusCodes.Status404NotFound)
            .Produces<OscpError>(StatusCodes.Status409Conflict);
        return gated;
    }

    private static async Task<IResult> UpdateGroupCapacityForecastAsync(HttpContext context, IGrainFactory grains)
    {
        var request = OscpRequest.Of(context);
        var (forecast, validation) = await request.ReadAsync<UpdateGroupCapacityForecast>(context);
        if (forecast is null) return OscpResponses.Invalid(validation);
        var outcome = await grains.Get<ISiteGrain>(forecast.GroupId).ReceiveForecastAsync(request.PeerId, request.RequestId, forecast);
        return outcome switch
        {
            ForecastOutcome.Accepted or ForecastOutcome.Duplicate => OscpResponses.Accepted(),
            ForecastOutcome.UnknownSite => OscpResponses.Error(StatusCodes.Status404NotFound, $"unknown group_id '{forecast.GroupId}'"),
            _ => OscpResponses.Error(StatusCodes.Status403Forbidden, $"group_id '{forecast.GroupId}' is not bound to this peer"),
        };
    }
}
