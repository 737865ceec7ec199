using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The control API under <c>/sim</c> (JSON, camelCase, message kinds by their OSCP path, e.g. <c>heartbeat</c>):
/// the <see cref="CpSimulator"/> operations over HTTP. No authentication: a local test tool bound to loopback.
/// </summary>
internal static class CpControlApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var sim = endpoints.MapGroup("/sim").AddEndpointFilter(TranslateErrorsAsync).ExcludeFromDescription();
        sim.MapGet("/state", (CpSimulator s) => s.GetState());
        sim.MapPost("/handshake", (CpSimulator s, CancellationToken ct) => s.StartHandshakeAsync(ct));
        sim.MapGet("/register", (CpSimulator s) => s.GetRegistration());
        sim.MapPost("/register", async (CpSimulator s, CancellationToken ct) => Outcome(await s.RegisterAsync(ct)));
        sim.MapPut("/register", async (CpSimulator s, CancellationToken ct) => Outcome(await s.RotateRegistrationAsync(ct)));
        sim.MapDelete("/register", async (CpSimulator s, CancellationToken ct) => Outcome(await s.UnregisterAsync(ct)));
        sim.MapPost("/heartbeat", (CpSimulator s, CancellationToken ct) => s.SendHeartbeatAsync(ct));
        sim.MapPost("/forecasts", (CpSimulator s, ForecastRequest? request, CancellationToken ct) => s.SendForecastAsync(request ?? new ForecastRequest(), ct));
        sim.MapPut("/silent", (CpSimulator s, SilenceRequest request) =>
        {
            s.SetSilent(request.Silent, request.AnswerStatus);
            return s.GetState();
        });
        sim.MapPut("/refuse-tokens", (CpSimulator s, RefuseTokensRequest request) =>
        {
            s.SetRefuseTokens(request.Refuse);
            return s.GetState();
        });
        sim.MapPost("/tokens/revoke", (CpSimulator s) =>
        {
            s.RevokeTokens();
            return Results.NoContent();
        });
        sim.MapPut("/scripts/{message}", (CpSimulator s, string message, ScriptedAnswers answers) =>
        {
            s.ScriptAnswers(Kind(message), answers);
            return s.GetState();
        });
        sim.MapDelete("/scripts/{message}", (CpSimulator s, string message) =>
        {
            s.ClearScripts(Kind(message));
            return s.GetState();
        });
        sim.MapDelete("/scripts", (CpSimulator s) =>
        {
            s.ClearScripts();
            return s.GetState();
        });
        sim.MapGet("/received", (CpSimulator s, string? kind, bool? accepted) => s.Received(KindOrAll(kind), accepted));
        sim.MapGet("/sent", (CpSimulator s, string? kind) => s.Sent(KindOrAll(kind)));
        sim.MapDelete("/records", (CpSimulator s) =>
        {
            s.ClearRecords();
            return Results.NoContent();
        });
    }

    // What came of a Register sent to the FP (never its token).
    private static object Outcome(OscpFleet.Oscp.Client.OscpSendResult result) =>
        new { delivered = result.IsDelivered, outcome = result.Outcome.ToString(), status = result.StatusCode, requestId = result.RequestId, error = result.Error };

    private static OscpMessageKind Kind(string path) =>
        OscpMessageKinds.TryParsePath(path, out var kind)
            ? kind
            : throw new ArgumentException($"'{path}' is not an OSCP 2.0 message path (e.g. heartbeat, handshake_acknowledge).", nameof(path));

    private static OscpMessageKind? KindOrAll(string? path) => string.IsNullOrEmpty(path) ? null : Kind(path);

    // The operations throw ArgumentException for a bad request and InvalidOperationException when the simulator
    // cannot act (silent); both become a JSON answer instead of a 500.
    private static async ValueTask<object?> TranslateErrorsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { message = e.Message });
        }
        catch (InvalidOperationException e)
        {
            return Results.Conflict(new { message = e.Message });
        }
    }
}
