using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Validation;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Decides the answer to an OSCP call, in Vector's order: silence, bearer token (401), static headers
/// (403), exactly one <c>x-request-id</c> (400), a scripted answer, the body (400 naming every problem),
/// the energy readings against the kind the CP asked for (400), then an acknowledge's correlation (400). A
/// plain OSCP CP checks <c>Authorization: Token</c> (401) in place of the bearer token and the static headers.
/// </summary>
internal sealed class CpAdmission(CpSimulatorOptions options, CpTokens tokens, CpScript script, CpConnection connection)
{
    /// <summary>The verdict on one call; <paramref name="message"/> and <paramref name="validation"/> come from <see cref="CpMessageReader"/>.</summary>
    public CpVerdict Check(OscpMessageKind kind, HttpRequest request, object? message, ValidationResult validation)
    {
        if (script.SilentAnswerStatus is { } silentStatus)
            return CpVerdict.Refuse(silentStatus, "the simulator is silent");

        var authorization = request.Headers.Authorization.ToString();
        if (options.Profile == PeerProfile.Oscp)
        {
            // Plain OSCP: the token is all the authentication there is; Vector's static headers do not exist.
            if (AuthenticateToken(authorization) is { } unauthorized)
                return unauthorized;
        }
        else
        {
            if (AuthenticateBearer(authorization) is { } unauthorized)
                return unauthorized;
            var forbidden = WrongHeader(request, "fp-id", options.FpId)
                ?? WrongHeader(request, "apikey", options.ApiKey)
                ?? WrongHeader(request, "x-access-token", options.AccessToken);
            if (forbidden is not null)
                return forbidden;
        }

        var requestIds = request.Headers["x-request-id"];
        if (requestIds.Count == 0 || string.IsNullOrWhiteSpace(requestIds[0]))
            return CpVerdict.Refuse(StatusCodes.Status400BadRequest, "the x-request-id header is required");
        // HttpClient folds two values of one header into "a, b" on HTTP/1.1, so a comma is a second value too.
        if (requestIds.Count > 1 || requestIds[0]!.Contains(',', StringComparison.Ordinal))
            return CpVerdict.Refuse(StatusCodes.Status400BadRequest, "the x-request-id header must be sent exactly once");

        if (script.Next(kind) is { } scripted)
        {
            return scripted == StatusCodes.Status409Conflict
                ? CpVerdict.Refuse(scripted, "connection offline: handshake required")
                : CpVerdict.Refuse(scripted, $"scripted answer {scripted}");
        }

        if (!validation.IsValid)
            return new CpVerdict(StatusCodes.Status400BadRequest, validation.ToString(), validation.ToOscpError($"invalid {kind.Path()} body"));

        if (MissingInitialMeasureTimes(message) is { Count: > 0 } missing)
            return new CpVerdict(StatusCodes.Status400BadRequest, string.Join("; ", missing), new OscpError($"invalid {kind.Path()} body", missing));

        if (kind == OscpMessageKind.HandshakeAcknowledge
            && !connection.TryAcknowledge(request.Headers["x-correlation-id"].FirstOrDefault(), ((HandshakeAcknowledge)message!).RequiredBehaviour))
            return CpVerdict.Refuse(StatusCodes.Status400BadRequest, "X-Correlation-ID must be the X-Request-ID of the simulator's outstanding handshake");

        return CpVerdict.Accept;
    }

    // OSCP 2.0: a CP that asked for INTERMITTENT readings (and not CONTINUOUS ones too) must get initial_measure_time
    // on every energy reading.
    private List<string>? MissingInitialMeasureTimes(object? message)
    {
        var asked = options.RequiredMeasurementConfiguration;
        if (!asked.Contains(MeasurementConfiguration.Intermittent) || asked.Contains(MeasurementConfiguration.Continuous))
            return null;
        const string Reason = "initial_measure_time: is required (the CP asked for INTERMITTENT readings)";
        return message switch
        {
            UpdateGroupMeasurements group =>
            [
                .. group.Measurements.Select((m, i) => (m, i)).Where(x => x.m.InitialMeasureTime is null).Select(x => $"measurements[{x.i}].{Reason}"),
            ],
            UpdateAssetMeasurements asset =>
            [
                .. asset.Measurements.Select((m, i) => (m, i)).Where(x => x.m.EnergyMeasurement is { InitialMeasureTime: null })
                    .Select(x => $"measurements[{x.i}].energy_measurement.{Reason}"),
            ],
            _ => null,
        };
    }

    private CpVerdict? AuthenticateToken(string authorization)
    {
        const string scheme = "Token ";
        // An unknown token and a missing one look alike from outside: both are 401 with the scheme to use.
        var known = authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            && tokens.IsInboundToken(authorization[scheme.Length..].Trim());
        return known
            ? null
            : new CpVerdict(StatusCodes.Status401Unauthorized, "no or wrong OSCP token", new OscpError("Authorization: Token <token> is required"), "Token");
    }

    private CpVerdict? AuthenticateBearer(string authorization)
    {
        const string scheme = "Bearer ";
        if (!authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return new CpVerdict(StatusCodes.Status401Unauthorized, "no bearer token", new OscpError("a bearer token is required"), "Bearer");
        if (!tokens.IsValid(authorization[scheme.Length..].Trim()))
            return new CpVerdict(
                StatusCodes.Status401Unauthorized, "unknown or expired token", new OscpError("the bearer token is unknown or expired"), "Bearer error=\"invalid_token\"");
        return null;
    }

    private static CpVerdict? WrongHeader(HttpRequest request, string name, string? expected)
    {
        if (string.IsNullOrEmpty(expected)) return null;
        var values = request.Headers[name];
        return values.Count == 1 && string.Equals(values[0], expected, StringComparison.Ordinal)
            ? null
            : CpVerdict.Refuse(StatusCodes.Status403Forbidden, $"missing or wrong {name} header");
    }
}
