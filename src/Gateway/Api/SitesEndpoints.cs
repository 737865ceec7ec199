using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Limits;

namespace OscpFleet.Gateway.Api;

/// <summary>Onboarding and reading sites (<c>/api/v1/sites</c>), their limits, and the CSMS's "applied" confirmations.</summary>
public static partial class SitesEndpoints
{
    /// <summary>Maps every site route.</summary>
    public static IEndpointRouteBuilder MapSitesEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var sites = endpoints.MapGroup("/api/v1/sites").WithTags("Sites").AddEndpointFilter(GroupIdInPathAsync);
        sites.MapPut("/{groupId}", PutAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Onboard or change a site (PUT again re-enables a disabled one)")
            .DocumentBody<SiteRequest>(SiteExample)
            .Produces<SiteView>(StatusCodes.Status200OK)
            .Produces<SiteView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        sites.MapGet("/{groupId}", GetAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("A site: binding, state, limit versions, delivery, outbox depth")
            .Produces<SiteView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapDelete("/{groupId}", DisableAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Disable a site: unknown to its CP from now on, sends nothing")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapGet("", ListAsync).RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("Sites from the registry, a page at a time (peerId and state filter; state: forecast, fallback, base_doe, emergency_stop, operator, disabled)")
            .Produces<SiteListAnswer>()
            .DocumentLimit("limit", MaxPageSize, $"Page size, 1-{MaxPageSize} (default {DefaultPageSize}).");
        endpoints.MapPost("/api/v1/sites:import", ImportAsync).RequireAuthorization(FleetPolicies.Operator).WithTags("Sites")
            .WithSummary("Onboard or change many sites: every row validated first, nothing written if any is invalid")
            .DocumentBodies(ImportExample, (typeof(IReadOnlyList<SiteRequest>), "application/json"), (typeof(string), "text/csv"))
            .Produces<ImportAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DocumentExample(StatusCodes.Status200OK, """{"imported":2,"created":1,"updated":1}""");
        sites.MapGet("/{groupId}/limits", LimitsAsync).RequireAuthorization(FleetPolicies.OperatorOrCsms)
            .WithSummary("The limit version in force now, or at ?at= (RFC 3339): the limit webhook's body")
            .Produces<OscpFleet.Oscp.Limits.LimitDocument>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        sites.MapPost("/{groupId}/limits/{version}/applied", AppliedAsync).RequireAuthorization(FleetPolicies.Csms)
            .WithSummary("The CSMS confirms a limit version is in force (empty body)")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private const string SiteExample = """
        { "peerId": "vector_test", "assetId": "BUS_AUK_1", "timeZone": "Pacific/Auckland", "nominalVoltage": 230, "phases": 3,
          "baseDoe": [ { "from": "00:00", "kw": 150 }, { "from": "07:00", "kw": 80 }, { "from": "21:00", "kw": 150 } ],
          "maxImportKw": 400, "csms": "main", "chargers": [ { "id": "CS-001", "ratedKw": 150 }, { "id": "CS-002", "ratedKw": 150 } ] }
        """;

    private const string ImportExample = """
        [ { "groupId": "BUS_AUK_1", "peerId": "vector_test", "assetId": "BUS_AUK_1", "timeZone": "Pacific/Auckland",
            "baseDoe": [ { "from": "00:00", "kw": 150 } ], "maxImportKw": 400, "csms": "main" } ]
        """;

    private static async Task<IResult> PutAsync(string groupId, HttpRequest http, IGrainFactory grains, IOptionsMonitor<OscpOptions> oscp, IOptionsMonitor<CsmsOptions> csms)
    {
        var (body, readErrors) = await ReadJsonAsync(http, SiteRequestReader.ReadSite);
        if (body is null) return ApiProblems.Invalid(readErrors);
        if (body.GroupId is { } inBody && inBody != groupId)
            return ApiProblems.Invalid([$"groupId: '{inBody}' differs from the path's '{groupId}'"]);
        var (definition, errors) = SiteRequestValidation.Validate(body, groupId, "", oscp.CurrentValue, csms.CurrentValue);
        if (definition is null) return ApiProblems.Invalid(errors);
        var (created, view) = await grains.GetGrain<ISiteGrain>(groupId).UpsertAsync(definition);
        return created ? Results.Created($"/api/v1/sites/{groupId}", view) : Results.Ok(view);
    }

    private static async Task<IResult> GetAsync(string groupId, IGrainFactory grains) =>
        await grains.GetGrain<ISiteGrain>(groupId).GetAsync() is { } view
            ? Results.Ok(view)
            : ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded");

    private static async Task<IResult> DisableAsync(string groupId, IGrainFactory grains) =>
        await grains.GetGrain<ISiteGrain>(groupId).DisableAsync()
            ? Results.NoContent()
            : ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded");

    private static async Task<IResult> LimitsAsync(string groupId, string? at, HttpContext http, IGrainFactory grains)
    {
        var caller = CsmsCaller.For(http);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http, caller, groupId);
        DateTimeOffset? when = null;
        if (at is not null)
        {
            if (!Rfc3339.TryParse(at, out var parsed)) return ApiProblems.Invalid([$"at: {Rfc3339.Requirement}"]);
            when = parsed;
        }
        var site = grains.GetGrain<ISiteGrain>(groupId);
        // A read: one extra (in-memory, interleaved) grain call for a bound caller is cheaper than widening GetLimits.
        if (caller.Csms is { } bound && await site.GetAsync() is { Disabled: false } view && view.Definition.Csms != bound)
            return CsmsRefusal.OtherCsms(http, caller, groupId);
        if (await site.GetLimitsAsync(when) is { } document)
            return Results.Text(LimitDocumentJson.SerializeToString(document), "application/json");
        return await site.GetAsync() is { Disabled: false }
            ? ApiProblems.NotFound("no limit version", $"site '{groupId}' has no limit version in force {(at is null ? "now" : "at " + at)}")
            : ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded");
    }

    private static async Task<IResult> AppliedAsync(string groupId, string version, HttpContext http, IGrainFactory grains)
    {
        var caller = CsmsCaller.For(http);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http, caller, groupId);
        if (!long.TryParse(version, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) || number < 1)
            return ApiProblems.Invalid(["version: must be a positive whole number"]);
        return await grains.Get<ISiteGrain>(groupId).MarkAppliedAsync(number, caller.Csms) switch
        {
            AppliedOutcome.Recorded => Results.NoContent(),
            AppliedOutcome.OtherCsms => CsmsRefusal.OtherCsms(http, caller, groupId),
            AppliedOutcome.UnknownVersion => ApiProblems.NotFound("unknown version", $"site '{groupId}' never issued limit version {number}"),
            _ => ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded"),
        };
    }

    /// <summary>
    /// A group id in the path that breaks the identifier rule (blank, too long, other characters) is refused before the
    /// body is read or any grain is called: no grain or stored state may have such a key.
    /// </summary>
    private static ValueTask<object?> GroupIdInPathAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.RouteValues.TryGetValue("groupId", out var value) && !Identifiers.IsValidGroupId(value as string)
            ? ValueTask.FromResult<object?>(ApiProblems.Invalid([$"groupId: {ApiJson.GroupIdRule}"]))
            : next(context);

    /// <summary>Requires a JSON content type, then reads the whole body (bounded by Kestrel's MaxRequestBodySize) with <paramref name="read"/>.</summary>
    private static async Task<(T? Value, IReadOnlyList<string> Errors)> ReadJsonAsync<T>(
        HttpRequest http, Func<ReadOnlyMemory<byte>, (T? Value, IReadOnlyList<string> Errors)> read)
        where T : class
    {
        if (!http.HasJsonContentType()) return (null, ["body: Content-Type must be application/json"]);
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, http.HttpContext.RequestAborted);
        return read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }
}
