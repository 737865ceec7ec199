namespace OscpFleet.Simulator.Fleet;

/// <summary>
/// The control API under <c>/sim/fleet</c> (JSON, camelCase, enums snake_case): the <see cref="CsmsSimulator"/>
/// operations over HTTP. No authentication: a local test tool bound to loopback.
/// </summary>
internal static class FleetControlApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var sim = endpoints.MapGroup("/sim/fleet").AddEndpointFilter(TranslateErrorsAsync).ExcludeFromDescription();
        sim.MapGet("/state", (CsmsSimulator s) => s.GetState());
        sim.MapGet("/sites/{groupId}", (CsmsSimulator s, string groupId) => s.GetSite(groupId));
        sim.MapPost("/onboard", (CsmsSimulator s) =>
        {
            s.StartOnboarding();
            return Results.Accepted("/sim/fleet/state", s.GetState());
        });
        sim.MapPost("/sites/{groupId}/onboard", (CsmsSimulator s, string groupId) =>
        {
            s.StartOnboarding(groupId);
            return Results.Accepted("/sim/fleet/state", s.GetState());
        });
        sim.MapPut("/down", (CsmsSimulator s, DownRequest request) =>
        {
            s.SetDown(request.Down);
            return s.GetState();
        });
        sim.MapPut("/webhook-script", (CsmsSimulator s, WebhookScriptRequest request) =>
        {
            s.ScriptWebhookAnswers(request.Statuses ?? [], request.Then);
            return s.GetState();
        });
        sim.MapDelete("/webhook-script", (CsmsSimulator s) =>
        {
            s.ClearWebhookScript();
            return s.GetState();
        });
        sim.MapPut("/confirming", (CsmsSimulator s, ConfirmingRequest request) =>
        {
            s.SetConfirming(request.Confirm, request.DelaySeconds is { } d ? TimeSpan.FromSeconds(d) : null);
            return s.GetState();
        });
        sim.MapPut("/sites/{groupId}/chargers/{chargerId}/demand", (CsmsSimulator s, string groupId, string chargerId, DemandRequest request) =>
        {
            s.SetDemand(groupId, chargerId, request.Kw);
            return s.GetSite(groupId);
        });
        sim.MapPost("/sites/{groupId}/chargers/{chargerId}/reset-register", (CsmsSimulator s, string groupId, string chargerId) =>
        {
            s.ResetRegister(groupId, chargerId);
            return s.GetSite(groupId);
        });
        sim.MapPost("/meter-values", async (CsmsSimulator s, CancellationToken ct) =>
            await s.SendMeterValuesAsync(ct) is { } call ? Results.Ok(call) : Results.Conflict(new { message = "no site is onboarded yet" }));
        sim.MapGet("/webhooks", (CsmsSimulator s) => s.Webhooks());
        sim.MapGet("/calls", (CsmsSimulator s, string? kind) => s.GatewayCalls(KindOrAll(kind)));
        sim.MapDelete("/records", (CsmsSimulator s) =>
        {
            s.ClearRecords();
            return Results.NoContent();
        });
    }

    private static GatewayCallKind? KindOrAll(string? kind) =>
        string.IsNullOrEmpty(kind) ? null
        : Enum.TryParse<GatewayCallKind>(kind.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && !int.TryParse(kind, out _) ? parsed
        : throw new ArgumentException($"'{kind}' is not a call kind (onboard, applied, meter_values).", nameof(kind));

    // ArgumentException is a bad request, InvalidOperationException something the simulator cannot do as configured.
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
