namespace OscpFleet.Gateway.OpenApi;

/// <summary>
/// The gateway's OpenAPI document (<c>/openapi/v1.json</c>): every route with its request and response schemas, the two
/// security schemes (our bearer JWTs, OSCP's <c>Token</c>), error bodies (ProblemDetails on our API, OSCP's
/// <c>{"message","errors"}</c> on the OSCP endpoints) and the limits the code enforces, read from the same constants.
/// </summary>
public static class FleetOpenApi
{
    /// <summary>The document's name (its path is <c>/openapi/v1.json</c>).</summary>
    public const string DocumentName = "v1";

    /// <summary>Security scheme: <c>Authorization: Bearer &lt;JWT from /oauth/token&gt;</c>.</summary>
    public const string BearerScheme = "Bearer";

    /// <summary>Security scheme: <c>Authorization: Token &lt;token&gt;</c> (OSCP 2.0, <c>oscp</c>-profile peers).</summary>
    public const string OscpTokenScheme = "OscpToken";

    /// <summary>The schema of an OSCP error body.</summary>
    public const string OscpErrorSchema = "OscpError";

    /// <summary>The schema of an OAuth 2.0 error body (RFC 6749 §5.2).</summary>
    public const string OAuthErrorSchema = "OAuthError";

    /// <summary>Adds the document and its transformers.</summary>
    public static IServiceCollection AddFleetOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, o =>
        {
            o.AddSchemaTransformer<OscpWireSchemaTransformer>();
            o.AddSchemaTransformer<DocumentedLimitsSchemaTransformer>();
            o.AddOperationTransformer<FleetOperationTransformer>();
            o.AddDocumentTransformer<FleetDocumentTransformer>();
        });
}
