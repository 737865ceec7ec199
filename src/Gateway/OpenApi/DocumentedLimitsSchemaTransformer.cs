using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using OscpFleet.Gateway.Api;

namespace OscpFleet.Gateway.OpenApi;

/// <summary>
/// The limits of the API's bodies, set on their schemas from the constants the validation code enforces (never typed a
/// second time, so the document cannot disagree with the code): samples per site and per request, blocks of a capacity
/// request, the length of a compliance error's message.
/// </summary>
internal sealed class DocumentedLimitsSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (type == typeof(MeterValuesBody) || type == typeof(SiteMeterValuesBody))
        {
            Limit(schema, "samples", p => { p.MinItems = 1; p.MaxItems = MeterValuesValidation.MaxSamplesPerSite; },
                $"1 to {N(MeterValuesValidation.MaxSamplesPerSite)} samples of this site.");
        }
        else if (type == typeof(FleetMeterValuesBody))
        {
            Limit(schema, "sites", p => p.MinItems = 1,
                $"One entry per site, each group id once; at most {N(MeterValuesValidation.MaxSamplesPerSite)} samples per site and "
                + $"{N(MeterValuesValidation.MaxSamplesPerRequest)} in all.");
        }
        else if (type == typeof(CapacityRequestBody))
        {
            Limit(schema, "blocks", p => { p.MinItems = 1; p.MaxItems = CapacityRequestValidation.MaxBlocks; },
                $"1 to {N(CapacityRequestValidation.MaxBlocks)} blocks, not overlapping, each ending in the future.");
        }
        else if (type == typeof(ComplianceErrorBody))
        {
            Limit(schema, "message", p => { p.MinLength = 1; p.MaxLength = ComplianceErrorValidation.MaxMessageLength; },
                $"Why the site cannot comply: non-blank, at most {N(ComplianceErrorValidation.MaxMessageLength)} characters.");
        }
        return Task.CompletedTask;
    }

    private static void Limit(OpenApiSchema schema, string property, Action<OpenApiSchema> limit, string description)
    {
        if (schema.Properties?.TryGetValue(property, out var value) == true && value is OpenApiSchema target)
        {
            limit(target);
            target.Description = description;
        }
    }

    /// <summary>A number as the documentation writes it: 5,000.</summary>
    internal static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
