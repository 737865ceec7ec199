namespace OscpFleet.Gateway.Api;

/// <summary>
/// Checks a compliance error report (<c>POST /api/v1/sites/{groupId}/compliance-errors</c>,
/// <c>{"message","from","to"}</c>) completely; pure (body bytes in).
/// </summary>
public static class ComplianceErrorValidation
{
    /// <summary>Longest message, in UTF-16 code units.</summary>
    public const int MaxMessageLength = 500;

    private static readonly string[] BodyFields = ["message", "from", "to"];

    /// <summary>The report when the group id and the whole body are valid; otherwise every problem.</summary>
    public static (ComplianceErrorReport? Report, IReadOnlyList<string> Errors) Validate(string groupId, ReadOnlyMemory<byte> body)
    {
        var problems = new ProblemSink();
        ApiJson.CheckGroupId(groupId, problems);
        string? message = null;
        DateTimeOffset? from = null, to = null;
        using (var document = ApiJson.Parse(body, problems))
        {
            if (document is not null && ApiJson.RootObject(document, problems) is { } root)
            {
                var fields = ApiJson.Fields(root, "", BodyFields, "unknown field; the body is {\"message\",\"from\",\"to\"}", problems);
                message = ApiJson.RequiredString(fields, "message", "", problems);
                if (message is not null && string.IsNullOrWhiteSpace(message)) problems.Add("message", "must not be blank");
                else if (message is not null && message.Length > MaxMessageLength) problems.Add("message", $"must be at most {MaxMessageLength} characters (got {message.Length})");
                from = ApiJson.RequiredTime(fields, "from", "", problems);
                to = ApiJson.RequiredTime(fields, "to", "", problems);
                if (from is not null && to is not null && from >= to) problems.Add("to", "must be later than from");
            }
        }
        return problems.Count == 0 && message is not null && from is not null && to is not null
            ? (new ComplianceErrorReport(message, from.Value.ToUniversalTime(), to.Value.ToUniversalTime()), [])
            : (null, problems.ToList());
    }
}

/// <summary>A valid compliance error report: what <c>ISiteGrain.ReportComplianceErrorAsync</c> gets.</summary>
/// <param name="Message">Why the site cannot comply (non-blank, at most 500 characters).</param>
/// <param name="From">Start of the period concerned (UTC).</param>
/// <param name="To">End of the period concerned (UTC), later than <paramref name="From"/>.</param>
public sealed record ComplianceErrorReport(string Message, DateTimeOffset From, DateTimeOffset To);
