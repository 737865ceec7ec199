namespace OscpFleet.Gateway.Api;

/// <summary>Our API's error answers: RFC 9457 ProblemDetails, with every validation problem in <c>errors</c>.</summary>
internal static class ApiProblems
{
    public static IResult Invalid(IReadOnlyList<string> errors) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: "invalid request",
        detail: errors.Count == 1 ? errors[0] : $"{errors.Count} problems",
        extensions: new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult NotFound(string title, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: title, detail: detail);
}
