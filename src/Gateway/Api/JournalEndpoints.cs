using System.Text.Json;
using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains;
using OscpFleet.Hosting.Records;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// The message journal: <c>GET /api/v1/journal</c> (a page, with an opaque cursor for the next) and
/// <c>GET /api/v1/journal/export</c> (the whole filtered range as NDJSON, streamed).
/// </summary>
public static class JournalEndpoints
{
    private static readonly ReadOnlyMemory<byte> NewLine = "\n"u8.ToArray();

    private const string Filters = "Filters: peerId, groupId, message (e.g. update_group_capacity_forecast), direction (in | out), "
        + "from and to (RFC 3339 with an offset; default: the hour before now; at most 31 days). Oldest first. "
        + "Bodies are kept as text, at most 16 KiB, with tokens redacted; no authorization header is ever stored.";

    /// <summary>Maps both routes (operator scope).</summary>
    public static IEndpointRouteBuilder MapJournalEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var journal = endpoints.MapGroup("/api/v1/journal").RequireAuthorization(FleetPolicies.Operator).WithTags("Journal");
        journal.MapGet("", PageAsync)
            .WithSummary("Every OSCP message in and out, filtered, a page at a time")
            .WithDescription(Filters + " limit: 1-1000 (default 100); cursor: the nextCursor of the previous page (same filter).")
            .Produces<JournalPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DocumentLimit("limit", RecordQuery.MaxLimit, $"Page size, 1-{RecordQuery.MaxLimit} (default {RecordQuery.DefaultLimit}).");
        journal.MapGet("/export", ExportAsync)
            .WithSummary("The same filter as NDJSON (one entry per line), streamed")
            .WithDescription(Filters + " The whole range is streamed; limit (optional) caps the lines, cursor starts after a page's nextCursor.")
            .Produces<JournalRecord>(StatusCodes.Status200OK, "application/x-ndjson")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .DocumentLimit("limit", RecordQuery.MaxExportLimit, $"At most this many lines, 1-{RecordQuery.MaxExportLimit}; without it the whole range.");
        return endpoints;
    }

    private static async Task<IResult> PageAsync(
        string? peerId, string? groupId, string? message, string? direction, string? from, string? to, string? limit, string? cursor,
        HttpContext context, [FromKeyedServices(FleetClock.Key)] TimeProvider clock, RecordReader reader)
    {
        var (filter, errors) = RecordQuery.Journal(context.Request.Query, clock.GetUtcNow(), export: false);
        if (filter is null) return ApiProblems.Invalid(errors);
        return Results.Ok(await reader.JournalPageAsync(filter, context.RequestAborted));
    }

    private static async Task ExportAsync(
        string? peerId, string? groupId, string? message, string? direction, string? from, string? to, string? limit, string? cursor,
        HttpContext context, [FromKeyedServices(FleetClock.Key)] TimeProvider clock, RecordReader reader, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (filter, errors) = RecordQuery.Journal(context.Request.Query, clock.GetUtcNow(), export: true);
        if (filter is null)
        {
            await ApiProblems.Invalid(errors).ExecuteAsync(context);
            return;
        }

        context.Response.ContentType = "application/x-ndjson; charset=utf-8";
        var body = context.Response.Body;
        var written = 0;
        try
        {
            await foreach (var (record, _) in reader.JournalAsync(filter, context.RequestAborted))
            {
                await JsonSerializer.SerializeAsync(body, record, json.Value.SerializerOptions, context.RequestAborted);
                await body.WriteAsync(NewLine, context.RequestAborted);
                if (++written % 100 == 0) await body.FlushAsync(context.RequestAborted);
                if (written == filter.Limit) break;
            }
        }
        catch (Azure.RequestFailedException) when (context.Response.HasStarted)
        {
            // The status is sent: cut the connection so the client sees an incomplete export, never a short one that looks whole.
            context.Abort();
        }
    }
}

/// <summary>One page of the journal.</summary>
/// <param name="Entries">The entries, oldest first.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> (with the same filter) for the next page; null when this is the last.</param>
public sealed record JournalPage(IReadOnlyList<JournalRecord> Entries, string? NextCursor);
