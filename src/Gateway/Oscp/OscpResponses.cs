using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Gateway.Oscp;

/// <summary>The answers of the OSCP endpoints: 204 with no body, or a status with <c>{"message", "errors"}</c> (docs/protocol.md, "What we answer").</summary>
internal static class OscpResponses
{
    public const string NotConnectedMessage = "connection offline: handshake required";

    public static IResult Accepted() => Results.NoContent();

    public static IResult Invalid(ValidationResult validation) =>
        Results.Json(validation.ToOscpError("invalid body"), OscpErrorContext, statusCode: StatusCodes.Status400BadRequest);

    public static IResult BadRequest(string message) => Error(StatusCodes.Status400BadRequest, message);

    public static IResult NotConnected() => Error(StatusCodes.Status409Conflict, NotConnectedMessage);

    public static IResult Error(int status, string message) =>
        Results.Json(new OscpError(message), OscpErrorContext, statusCode: status);

    private static System.Text.Json.Serialization.Metadata.JsonTypeInfo<OscpError> OscpErrorContext =>
        OscpFleet.Oscp.Json.OscpJson.TypeInfo<OscpError>();
}
