using System.Text.Json.Serialization;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// One OSCP call the simulator received and how it answered. Kept once the answer has been written, so a
/// test that sees the record knows the FP already has its answer.
/// </summary>
/// <param name="Sequence">Order of arrival among every simulator event (<see cref="EventSequence"/>).</param>
/// <param name="Kind">The message, from the path.</param>
/// <param name="RequestId">The <c>X-Request-ID</c> as received (two values joined by ", "); null when absent.</param>
/// <param name="CorrelationId">The <c>X-Correlation-ID</c>, if any.</param>
/// <param name="Headers">Selected headers (<see cref="CpInbound.RecordedHeaders"/>), lower-case names; never <c>Authorization</c>.</param>
/// <param name="Body">The raw body.</param>
/// <param name="Message">The typed message when the call was accepted, else null.</param>
/// <param name="ReceivedAt">When the call arrived, by the simulator's clock.</param>
/// <param name="Status">The status the simulator answered.</param>
/// <param name="ResponseBody">The body of a non-204 answer.</param>
/// <param name="AnsweredAt">When the answer had been written, by the simulator's clock.</param>
/// <param name="AnsweredSequence">Order of the written answer among every simulator event.</param>
/// <param name="Summary">
/// For an accepted report, adjustment or compliance error, the line the console shows (e.g.
/// <c>Report BUS_AUK_1 12:00–12:15: 3.125 kWh, max 48.2 kW</c>); null otherwise.
/// </param>
public sealed record ReceivedMessage(
    long Sequence,
    OscpMessageKind Kind,
    string? RequestId,
    string? CorrelationId,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    [property: JsonIgnore] object? Message,
    DateTimeOffset ReceivedAt,
    int Status,
    string? ResponseBody,
    DateTimeOffset AnsweredAt,
    long AnsweredSequence,
    string? Summary = null)
{
    /// <summary>True when the call took effect (answered 204 and applied; a silent or scripted answer never is).</summary>
    public bool Accepted => Message is not null;

    /// <summary>The typed message as <typeparamref name="T"/>; throws when the body was invalid or of another kind.</summary>
    public T MessageAs<T>()
        where T : class =>
        Message as T ?? throw new InvalidOperationException($"The {Kind} received as {RequestId} carries no valid {typeof(T).Name} (status {Status}).");

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Kind.Path()} {RequestId} -> {Status}";
}
