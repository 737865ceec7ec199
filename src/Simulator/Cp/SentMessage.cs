using System.Text.Json.Serialization;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>One message the simulator sent to the FP and what came of it.</summary>
/// <param name="Sequence">Order, among every simulator event, of the final attempt leaving (of the call starting when nothing left).</param>
/// <param name="Kind">The message.</param>
/// <param name="GroupId">The site of a forecast; null for connection messages.</param>
/// <param name="Body">The JSON body as sent.</param>
/// <param name="Message">The typed message.</param>
/// <param name="CorrelationId">The <c>X-Correlation-ID</c> sent, if any.</param>
/// <param name="SentAt">When the final attempt left, by the simulator's clock.</param>
/// <param name="Outcome">The outbound client's reading of the answer.</param>
/// <param name="StatusCode">The FP's final status; null when no answer came.</param>
/// <param name="RequestId">The <c>X-Request-ID</c> of the final attempt (a forecast's id for compliance errors).</param>
/// <param name="ResponseBody">The FP's body on a non-2xx answer.</param>
/// <param name="Error">Why it was not delivered; null when delivered.</param>
/// <param name="Attempts">How many HTTP requests the client made (token requests not counted).</param>
/// <param name="AnsweredAt">When the FP's answer to the final attempt arrived.</param>
/// <param name="AnsweredSequence">Order of that answer among every simulator event.</param>
/// <param name="ReplyToAnsweredAt">For an acknowledge: when the simulator's 204 to the FP's handshake had been written.</param>
public sealed record SentMessage(
    long Sequence,
    OscpMessageKind Kind,
    string? GroupId,
    string Body,
    [property: JsonIgnore] object Message,
    string? CorrelationId,
    DateTimeOffset SentAt,
    OscpSendOutcome Outcome,
    int? StatusCode,
    string RequestId,
    string? ResponseBody,
    string? Error,
    int Attempts,
    DateTimeOffset? AnsweredAt,
    long? AnsweredSequence,
    DateTimeOffset? ReplyToAnsweredAt)
{
    /// <summary>True when the FP accepted it.</summary>
    public bool Delivered => Outcome == OscpSendOutcome.Delivered;

    /// <summary>The typed message as <typeparamref name="T"/>.</summary>
    public T MessageAs<T>()
        where T : class =>
        Message as T ?? throw new InvalidOperationException($"The {Kind} sent as {RequestId} is not a {typeof(T).Name}.");

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Kind.Path()} {GroupId} {RequestId} -> {StatusCode?.ToString() ?? Outcome.ToString()}";
}
