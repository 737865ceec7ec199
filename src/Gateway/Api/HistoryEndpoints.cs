using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Grains.Sites;
using OscpFleet.Hosting.Records;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Api;

/// <summary><c>GET /api/v1/sites/{groupId}/history</c>: a site's report periods and limit versions over a range of at most 31 days.</summary>
public static class HistoryEndpoints
{
    /// <summary>Maps the route (operator scope).</summary>
    public static IEndpointRouteBuilder MapHistoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/sites/{groupId}/history", HistoryAsync)
            .RequireAuthorization(FleetPolicies.Operator)
            .WithTags("History")
            .WithSummary("A site's per-period history: the limit in force, the energy and maximum load reported, and the limit versions")
            .WithDescription("Periods starting in [from, to) and versions issued in it, oldest first. from and to are RFC 3339 with an offset; "
                + "default: the 24 hours before now; at most 31 days. Written in the background: a period appears shortly after the CP accepted its report.")
            .Produces<HistoryAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> HistoryAsync(
        string groupId, string? from, string? to, HttpContext context, IGrainFactory grains,
        [FromKeyedServices(FleetClock.Key)] TimeProvider clock, RecordReader reader)
    {
        if (!Identifiers.IsValidGroupId(groupId)) return ApiProblems.Invalid([$"groupId: {ApiJson.GroupIdRule}"]);
        var (start, end, errors) = RecordQuery.History(context.Request.Query, clock.GetUtcNow());
        if (errors.Count > 0) return ApiProblems.Invalid(errors);
        if (await grains.GetGrain<ISiteGrain>(groupId).GetAsync() is null)
            return ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded");
        var (periods, versions) = await reader.HistoryAsync(groupId, start, end, context.RequestAborted);
        return Results.Ok(new HistoryAnswer(groupId, start, end, periods, versions));
    }
}

/// <summary>The answer of <c>GET /api/v1/sites/{groupId}/history</c>.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="From">The range's start (UTC).</param>
/// <param name="To">The range's end (exclusive).</param>
/// <param name="Periods">Report periods starting in the range, oldest first.</param>
/// <param name="Versions">Limit versions issued in the range, by version.</param>
public sealed record HistoryAnswer(
    string GroupId, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<HistoryPeriodRecord> Periods, IReadOnlyList<HistoryVersionRecord> Versions);
