using System.Text.Json;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Tests.Validation;

/// <summary>
/// The validator as it was when the JSON Schemas were evaluated per request (JsonSchema.Net): the same steps as
/// <see cref="OscpValidator.Validate(OscpMessageKind, JsonElement, PeerProfile)"/>, with the schema evaluation in place
/// of <c>OscpStructure</c>. The oracle the fast structure check is held to.
/// </summary>
internal static class SchemaOracle
{
    public static ValidationResult Validate(OscpMessageKind kind, JsonElement body, PeerProfile profile)
    {
        var problems = new ProblemList();
        var unreadable = UnreadableText.Find(body, JsonLocation.Body, JsonLocation.Property, JsonLocation.Index);
        if (unreadable.Count > 0)
        {
            foreach (var (path, reason) in unreadable) problems.Add(path, reason);
            return problems.ToResult();
        }

        var duplicates = DuplicateProperties.Find(body, JsonLocation.Body, JsonLocation.Property, JsonLocation.Index, StringComparer.Ordinal);
        if (duplicates.Count > 0)
        {
            foreach (var path in duplicates) problems.Add(path, DuplicateProperties.Reason);
            return problems.ToResult();
        }

        var evaluation = OscpSchemaSet.For(kind).Evaluate(body, OscpSchemaSet.EvaluationOptions);
        if (!evaluation.IsValid)
        {
            SchemaErrorTranslator.Translate(evaluation, body, problems);
            if (problems.Count == 0) problems.Add(JsonLocation.Body, "does not match the OSCP 2.0 schema");
        }

        SemanticRules.Check(body, problems);
        ProfileRules.Check(kind, body, profile, problems);
        return problems.ToResult();
    }
}
