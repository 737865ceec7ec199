using System.Globalization;
using System.Security.Cryptography;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// What the CSMS and operators send a site's CP through us: meter values (<c>/api/v1/sites/{groupId}/meter-values</c>,
/// <c>/api/v1/meter-values</c>), capacity requests and compliance errors, and the outbox they wait in. Bodies are read
/// by hand and validated completely (<see cref="MeterValuesValidation"/>, <see cref="CapacityRequestValidation"/>,
/// <see cref="ComplianceErrorValidation"/>): nothing reaches a grain unless the whole request is valid. Capacity
/// requests and compliance errors take an optional <c>Idempotency-Key</c> header (<see cref="IdempotencyKeys"/>).
/// </summary>
public static class MeteringEndpoints
{
    /// <summary>The endpoint names <c>Idempotency-Key</c>s are scoped by (with the site).</summary>
    public const string CapacityRequestsEndpoint = "capacity-requests", ComplianceErrorsEndpoint = "compliance-errors";

    /// <summary>Seconds a caller is asked to wait when a site's sample buffer is full.</summary>
    public const int BufferFullRetryAfterSeconds = 60;

    /// <summary>Maps the meter-value, capacity-request, compliance-error and outbox routes.</summary>
    public static IEndpointRouteBuilder MapMeteringEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var metering = endpoints.MapGroup("/api/v1").WithTags("Metering");
        metering.MapPost("/sites/{groupId}/meter-values", PostSiteMeterValuesAsync)
            .RequireAuthorization(FleetPolicies.Csms)
            .WithSummary("Meter samples of one site (all-or-nothing)")
            .DocumentBody<MeterValuesBody>("""{"samples":[{"chargerId":"CS-001","at":"2026-11-26T12:03:10Z","energyWh":1834521,"powerW":48200}]}""")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        metering.MapPost("/meter-values", PostFleetMeterValuesAsync)
            .RequireAuthorization(FleetPolicies.Csms)
            .WithSummary("Meter samples of many sites (validated all-or-nothing; unknown sites store nothing)")
            .DocumentBody<FleetMeterValuesBody>("""{"sites":[{"groupId":"BUS_AUK_1","samples":[{"chargerId":"CS-001","at":"2026-11-26T12:03:10Z","energyWh":1834521,"powerW":48200}]}]}""")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        var outbox = endpoints.MapGroup("/api/v1/sites/{groupId}").WithTags("Outbox");
        outbox.MapPost("/capacity-requests", PostCapacityRequestAsync)
            .RequireAuthorization(FleetPolicies.OperatorOrCsms)
            .WithSummary("Queue an AdjustGroupCapacityForecast for the site's CP")
            .DocumentBody<CapacityRequestBody>("""{"type":"CONSUMPTION","blocks":[{"from":"2026-11-26T13:00:00Z","to":"2026-11-26T14:00:00Z","kw":80}]}""")
            .DocumentIdempotencyKey()
            .Produces<OutboxQueuedAnswer>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .DocumentExample(StatusCodes.Status202Accepted, """{"messageId":42,"status":"queued"}""");
        outbox.MapPost("/compliance-errors", PostComplianceErrorAsync)
            .RequireAuthorization(FleetPolicies.OperatorOrCsms)
            .WithSummary("Queue a GroupCapacityComplianceError for the site's CP")
            .DocumentBody<ComplianceErrorBody>("""{"message":"charger CS-002 does not accept charging profiles","from":"2026-11-26T12:00:00Z","to":"2026-11-26T12:15:00Z"}""")
            .DocumentIdempotencyKey()
            .Produces<OutboxQueuedAnswer>(StatusCodes.Status202Accepted)
            .Produces<OutboxDuplicateAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        outbox.MapGet("/outbox", GetOutboxAsync)
            .RequireAuthorization(FleetPolicies.Operator)
            .WithSummary("The site's outbox: queued and rejected messages, counters, measurement periods")
            .Produces<OutboxView>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }

    private static async Task<IResult> PostSiteMeterValuesAsync(
        string groupId, HttpContext http, IGrainFactory grains, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
    {
        var caller = CsmsCaller.For(http);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http, caller, groupId);
        var (body, refused) = await ReadBodyAsync(http.Request, groupId);
        if (refused is not null) return refused;
        var (samples, errors) = MeterValuesValidation.ValidateSite(groupId, body, clock.GetUtcNow());
        if (samples is null) return ApiProblems.Invalid(errors);

        var outcome = await grains.GetGrain<ISiteGrain>(groupId).AcceptMeterValuesAsync(samples, caller.Csms);
        switch (outcome.Status)
        {
            case MeterValuesStatus.Accepted:
                return Results.NoContent();
            case MeterValuesStatus.OtherCsms:
                return CsmsRefusal.OtherCsms(http, caller, groupId);
            case MeterValuesStatus.BufferFull:
                http.Response.Headers.RetryAfter = RetryAfter;
                return Results.Problem(
                    statusCode: StatusCodes.Status429TooManyRequests,
                    title: "sample buffer full",
                    detail: $"site '{groupId}' holds as many samples as it can until its measurement period closes; nothing was stored, retry after {BufferFullRetryAfterSeconds} s");
            default:
                return UnknownSite(groupId);
        }
    }

    private static async Task<IResult> PostFleetMeterValuesAsync(
        HttpContext http, IGrainFactory grains, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
    {
        var caller = CsmsCaller.For(http);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http, caller, "(every site)");
        var (body, refused) = await ReadBodyAsync(http.Request, groupId: null);
        if (refused is not null) return refused;
        var (sites, errors) = MeterValuesValidation.ValidateFleet(body, clock.GetUtcNow());
        if (sites is null) return ApiProblems.Invalid(errors);

        // All or nothing: every site must exist and be enabled before any sample is stored.
        var views = await Task.WhenAll(sites.Select(s => grains.GetGrain<ISiteGrain>(s.GroupId).GetAsync()));
        var unknown = sites.Where((_, i) => views[i] is not { Disabled: false }).Select(UnknownSiteError).ToList();
        if (unknown.Count > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "unknown site",
                detail: $"{unknown.Count} of {sites.Count} sites are unknown or disabled; nothing was stored",
                extensions: new Dictionary<string, object?> { ["errors"] = unknown });
        }
        // The views are in hand already: a site of another CSMS refuses the whole batch before anything is stored.
        var foreign = sites.Where((_, i) => caller.Csms is { } bound && views[i]!.Definition.Csms != bound).ToList();
        if (foreign.Count > 0) return OtherCsmsSites(http, caller, foreign, sites.Count);

        var outcomes = await Task.WhenAll(sites.Select(s => grains.GetGrain<ISiteGrain>(s.GroupId).AcceptMeterValuesAsync(s.Samples, caller.Csms)));
        // A site moved to another CSMS between the check and the call counts as gone for this caller.
        var gone = sites.Where((_, i) => outcomes[i].Status is MeterValuesStatus.UnknownSite or MeterValuesStatus.OtherCsms).ToList();
        var full = sites.Where((_, i) => outcomes[i].Status == MeterValuesStatus.BufferFull).ToList();
        if (gone.Count == 0 && full.Count == 0) return Results.NoContent();

        var problems = gone.Select(UnknownSiteError)
            .Concat(full.Select(s => $"{ApiJson.Index("sites", s.Index)}.groupId: sample buffer of site '{s.GroupId}' is full; retry after {BufferFullRetryAfterSeconds} s"))
            .ToList();
        var stored = sites.Count - gone.Count - full.Count;
        var detail = $"{gone.Count} sites became unknown or disabled and {full.Count} sites' sample buffers are full, so their samples were not stored; "
            + $"the other {stored} sites' samples were stored. Retrying the whole request is safe: a repeated sample counts once.";
        if (gone.Count > 0)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "unknown site", detail: detail,
                extensions: new Dictionary<string, object?> { ["errors"] = problems });
        }
        http.Response.Headers.RetryAfter = RetryAfter;
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "sample buffer full", detail: detail,
            extensions: new Dictionary<string, object?> { ["errors"] = problems });
    }

    private static async Task<IResult> PostCapacityRequestAsync(
        string groupId, HttpRequest http, IGrainFactory grains, [FromKeyedServices(FleetClock.Key)] TimeProvider clock)
    {
        var caller = CsmsCaller.For(http.HttpContext);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http.HttpContext, caller, groupId);
        if (ReadIdempotencyKey(http) is { Refused: { } badKey }) return badKey;
        var (body, refused) = await ReadBodyAsync(http, groupId);
        if (refused is not null) return refused;
        var (request, errors) = CapacityRequestValidation.Validate(groupId, body, clock.GetUtcNow());
        var idempotency = Idempotency(http, CapacityRequestsEndpoint, body);
        if (request is null) return await RecalledOrInvalidAsync(groupId, http.HttpContext, caller, grains, idempotency, errors);
        return OutboxAnswer(groupId, http.HttpContext, caller,
            await grains.GetGrain<ISiteGrain>(groupId).RequestCapacityAsync(request.Type, request.Blocks, idempotency, caller.Csms));
    }

    private static async Task<IResult> PostComplianceErrorAsync(string groupId, HttpRequest http, IGrainFactory grains)
    {
        var caller = CsmsCaller.For(http.HttpContext);
        if (!caller.Allowed) return CsmsRefusal.Unbound(http.HttpContext, caller, groupId);
        if (ReadIdempotencyKey(http) is { Refused: { } badKey }) return badKey;
        var (body, refused) = await ReadBodyAsync(http, groupId);
        if (refused is not null) return refused;
        var (report, errors) = ComplianceErrorValidation.Validate(groupId, body);
        var idempotency = Idempotency(http, ComplianceErrorsEndpoint, body);
        if (report is null) return await RecalledOrInvalidAsync(groupId, http.HttpContext, caller, grains, idempotency, errors);
        return OutboxAnswer(groupId, http.HttpContext, caller,
            await grains.GetGrain<ISiteGrain>(groupId).ReportComplianceErrorAsync(report.Message, report.From, report.To, idempotency, caller.Csms));
    }

    /// <summary>
    /// A keyed request that is invalid now may be the repeat of one that was valid when first sent (a capacity request's
    /// blocks may have ended since): it gets the remembered answer; otherwise, and without a key, the 400.
    /// </summary>
    private static async Task<IResult> RecalledOrInvalidAsync(
        string groupId, HttpContext http, CsmsCaller caller, IGrainFactory grains, IdempotentRequest? idempotency, IReadOnlyList<string> errors)
    {
        var problems = new ProblemSink();
        ApiJson.CheckGroupId(groupId, problems);
        if (idempotency is null || problems.Count > 0) return ApiProblems.Invalid(errors);
        return await grains.GetGrain<ISiteGrain>(groupId).RecallIdempotentAsync(idempotency, caller.Csms) is { } earlier
            ? OutboxAnswer(groupId, http, caller, earlier)
            : ApiProblems.Invalid(errors);
    }

    /// <summary>
    /// The request's <c>Idempotency-Key</c>: none, one valid key, or the 400 answer naming the header (its value is never
    /// echoed).
    /// </summary>
    private static (string? Key, IResult? Refused) ReadIdempotencyKey(HttpRequest http)
    {
        if (!http.Headers.TryGetValue(IdempotencyKeys.Header, out var values)) return (null, null);
        if (values.Count == 1 && IdempotencyKeys.IsValid(values[0])) return (values[0], null);
        return (null, ApiProblems.Invalid([values.Count == 1
            ? $"{IdempotencyKeys.Header}: must be 1 to {IdempotencyKeys.MaxLength} printable ASCII characters"
            : $"{IdempotencyKeys.Header}: must be given once"]));
    }

    /// <summary>What the site needs to recognise a repeat: the endpoint, the key and a SHA-256 of the body; null without a key.</summary>
    private static IdempotentRequest? Idempotency(HttpRequest http, string endpoint, ReadOnlyMemory<byte> body) =>
        ReadIdempotencyKey(http).Key is { } key
            ? new IdempotentRequest(endpoint, key, Convert.ToHexString(SHA256.HashData(body.Span)))
            : null;

    private static async Task<IResult> GetOutboxAsync(string groupId, IGrainFactory grains)
    {
        var problems = new ProblemSink();
        ApiJson.CheckGroupId(groupId, problems);
        if (problems.Count > 0) return ApiProblems.Invalid(problems.ToList());
        return await grains.GetGrain<ISiteGrain>(groupId).GetOutboxAsync() is { } view ? Results.Ok(view) : UnknownSite(groupId);
    }

    private static IResult OutboxAnswer(string groupId, HttpContext http, CsmsCaller caller, OutboxOutcome outcome) => outcome.Status switch
    {
        OutboxStatus.OtherCsms => CsmsRefusal.OtherCsms(http, caller, groupId),
        OutboxStatus.Queued => Results.Accepted($"/api/v1/sites/{groupId}/outbox", new OutboxQueuedAnswer(outcome.MessageId, outcome.CorrelationId, "queued")),
        OutboxStatus.Duplicate => Results.Ok(new OutboxDuplicateAnswer(outcome.MessageId, outcome.CorrelationId, "duplicate", outcome.Detail)),
        OutboxStatus.KeyReused => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "idempotency key reused", detail: outcome.Detail),
        _ => UnknownSite(groupId),
    };

    private static IResult OtherCsmsSites(HttpContext http, CsmsCaller caller, IReadOnlyList<SiteMeterValues> foreign, int total)
    {
        foreach (var site in foreign) CsmsRefusal.Log(http, caller, site.GroupId, "the site is served by another CSMS");
        return Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: CsmsRefusal.OtherCsmsTitle,
            detail: $"{foreign.Count} of {total} sites are not served by CSMS '{caller.Csms}', which client '{caller.ClientId}' speaks for; nothing was stored",
            extensions: new Dictionary<string, object?>
            {
                ["errors"] = foreign.Select(s => $"{ApiJson.Index("sites", s.Index)}.groupId: site '{s.GroupId}' is served by another CSMS").ToList(),
            });
    }

    private static string RetryAfter => BufferFullRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);

    private static IResult UnknownSite(string groupId) =>
        ApiProblems.NotFound("unknown site", $"no site '{groupId}' was onboarded, or it is disabled");

    private static string UnknownSiteError(SiteMeterValues site) =>
        $"{ApiJson.Index("sites", site.Index)}.groupId: unknown or disabled site '{site.GroupId}'";

    // The body's bytes; or the 400 answer when it is not JSON (naming a bad group id of the path as well).
    // Kestrel enforces Oscp:MaxBodyBytes while this reads: a larger body throws, and the exception handler answers 413.
    private static async Task<(ReadOnlyMemory<byte> Body, IResult? Refused)> ReadBodyAsync(HttpRequest request, string? groupId)
    {
        if (!request.HasJsonContentType())
        {
            var problems = new ProblemSink();
            if (groupId is not null) ApiJson.CheckGroupId(groupId, problems);
            problems.Add("body", "Content-Type must be application/json");
            return (default, ApiProblems.Invalid(problems.ToList()));
        }
        var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return (buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }
}
