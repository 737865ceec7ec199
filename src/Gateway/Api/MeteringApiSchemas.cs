using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OscpFleet.Oscp.Outbox;

namespace OscpFleet.Gateway.Api;

/// <summary><c>POST /api/v1/sites/{groupId}/meter-values</c> body (documentation only: the gateway reads bodies by hand).</summary>
/// <param name="Samples">The samples (the limits are set on the schema from the validation's constants).</param>
public sealed record MeterValuesBody(IReadOnlyList<MeterSampleBody> Samples);

/// <summary>One meter sample; no other fields are accepted.</summary>
/// <param name="ChargerId">The charging station (OCPP station id): 1-64 letters, digits, <c>_ - . :</c>.</param>
/// <param name="At">When it was read: RFC 3339 with an offset, at most 5 minutes ahead of the gateway's clock.</param>
/// <param name="EnergyWh">The cumulative import register in Wh (a JSON number &gt;= 0).</param>
/// <param name="PowerW">Import power in W (a JSON number &gt;= 0).</param>
public sealed record MeterSampleBody(string ChargerId, DateTimeOffset At, double EnergyWh, double PowerW);

/// <summary><c>POST /api/v1/meter-values</c> body (documentation only).</summary>
/// <param name="Sites">One entry per site, each group id once.</param>
public sealed record FleetMeterValuesBody(IReadOnlyList<SiteMeterValuesBody> Sites);

/// <summary>One site's samples in <see cref="FleetMeterValuesBody"/>.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="Samples">The site's samples (limits as for <see cref="MeterValuesBody"/>).</param>
public sealed record SiteMeterValuesBody(string GroupId, IReadOnlyList<MeterSampleBody> Samples);

/// <summary><c>POST /api/v1/sites/{groupId}/capacity-requests</c> body (documentation only).</summary>
/// <param name="Type">CONSUMPTION, GENERATION, FALLBACK_CONSUMPTION, FALLBACK_GENERATION or OPTIMUM.</param>
/// <param name="Blocks">The blocks, not overlapping.</param>
public sealed record CapacityRequestBody(string Type, IReadOnlyList<CapacityBlockBody> Blocks);

/// <summary>One block of a capacity request: <c>kw</c> over [from, to).</summary>
/// <param name="From">Start, RFC 3339 with an offset.</param>
/// <param name="To">End, later than <paramref name="From"/> and than now.</param>
/// <param name="Kw">Capacity in kW (a JSON number &gt;= 0).</param>
public sealed record CapacityBlockBody(DateTimeOffset From, DateTimeOffset To, double Kw);

/// <summary><c>POST /api/v1/sites/{groupId}/compliance-errors</c> body (documentation only).</summary>
/// <param name="Message">Why the site cannot comply.</param>
/// <param name="From">Start of the period concerned, RFC 3339 with an offset.</param>
/// <param name="To">End of the period concerned, later than <paramref name="From"/>.</param>
public sealed record ComplianceErrorBody(string Message, DateTimeOffset From, DateTimeOffset To);

/// <summary>202 answer: the message is in the site's outbox and goes to the CP as soon as the connection allows.</summary>
/// <param name="MessageId">The outbox id.</param>
/// <param name="CorrelationId">For a compliance error: the request id of the forecast it names; omitted when none.</param>
/// <param name="Status">Always <c>queued</c>.</param>
public sealed record OutboxQueuedAnswer(
    long? MessageId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CorrelationId,
    string Status);

/// <summary>200 answer: the same compliance error was already queued or sent; nothing new was queued.</summary>
/// <param name="MessageId">The outbox id of the message it duplicates.</param>
/// <param name="CorrelationId">The request id of the forecast it names.</param>
/// <param name="Status">Always <c>duplicate</c>.</param>
/// <param name="Detail">Why it is a duplicate.</param>
public sealed record OutboxDuplicateAnswer(long? MessageId, string? CorrelationId, string Status, string? Detail);

/// <summary>OpenAPI for endpoints that read their body by hand (no model binding, so no automatic request schema).</summary>
internal static class OpenApiBodies
{
    /// <summary>Documents <typeparamref name="T"/> as the endpoint's required body of <paramref name="contentType"/>, with an example.</summary>
    public static RouteHandlerBuilder DocumentBody<T>(this RouteHandlerBuilder builder, string? example = null, string contentType = "application/json") =>
        builder.DocumentBodies(example, (typeof(T), contentType));

    /// <summary>Documents a required body in any of several content types (e.g. JSON or CSV).</summary>
    public static RouteHandlerBuilder DocumentBodies(this RouteHandlerBuilder builder, string? example, params (Type Type, string ContentType)[] bodies) =>
        builder.WithMetadata(new OpenApi.DocumentedBody()).AddOpenApiOperationTransformer(async (operation, context, cancellation) =>
        {
            var content = new Dictionary<string, OpenApiMediaType>();
            foreach (var (type, contentType) in bodies)
            {
                var schema = await context.GetOrCreateSchemaAsync(type, null, cancellation);
                content[contentType] = new OpenApiMediaType
                {
                    Schema = schema,
                    Example = example is not null && contentType.EndsWith("json", StringComparison.Ordinal) ? JsonNode.Parse(example) : null,
                };
            }
            operation.RequestBody = new OpenApiRequestBody { Required = true, Content = content };
        });

    /// <summary>Documents an example of the <paramref name="status"/> answer (JSON).</summary>
    public static RouteHandlerBuilder DocumentExample(this RouteHandlerBuilder builder, int status, string example) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Responses?.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) == true
                && response.Content is { } content)
            {
                foreach (var media in content.Values) media.Example = JsonNode.Parse(example);
            }
            return Task.CompletedTask;
        });

    /// <summary>Documents an integer query parameter from 1 to <paramref name="maximum"/> (the handler reads it as text to name a bad one).</summary>
    public static RouteHandlerBuilder DocumentLimit(this RouteHandlerBuilder builder, string name, int maximum, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            if (operation.Parameters?.FirstOrDefault(p => p.Name == name) is OpenApiParameter parameter)
            {
                parameter.Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = maximum.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                parameter.Description = description;
            }
            return Task.CompletedTask;
        });

    /// <summary>Documents the optional <c>Idempotency-Key</c> request header.</summary>
    public static RouteHandlerBuilder DocumentIdempotencyKey(this RouteHandlerBuilder builder) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = IdempotencyKeys.Header,
                In = ParameterLocation.Header,
                Required = false,
                Description = "Optional, 1-255 printable ASCII characters. A repeat within 24 h (same site, endpoint and key) answers "
                    + "the first answer and queues nothing; the same key with a different body answers 422.",
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = IdempotencyKeys.MaxLength },
            });
            return Task.CompletedTask;
        });
}
