namespace OscpFleet.Simulator.Fleet;

/// <summary>One limit webhook the simulated CSMS received and how it answered; recorded just before the answer is written.</summary>
/// <param name="Sequence">Order of arrival among every simulator event (<see cref="EventSequence"/>).</param>
/// <param name="ReceivedAt">When it arrived, by the simulator's clock.</param>
/// <param name="GroupId">The body's <c>groupId</c>, when the body could be read.</param>
/// <param name="Version">The body's <c>version</c>, when the body could be read.</param>
/// <param name="Reason">The body's <c>reason</c>.</param>
/// <param name="EmergencyStop">The body's <c>emergencyStop</c>.</param>
/// <param name="SignatureValid">The signature matched a configured secret.</param>
/// <param name="TimestampFresh">The timestamp was within the tolerance.</param>
/// <param name="Status">The status answered.</param>
/// <param name="Outcome">What became of it.</param>
/// <param name="Problem">Why it was refused (never a secret); null when accepted.</param>
/// <param name="ConfirmScheduled">An <c>applied</c> confirmation was scheduled for it.</param>
/// <param name="RawBody">The raw body (UTF-8), as received.</param>
public sealed record ReceivedWebhook(
    long Sequence,
    DateTimeOffset ReceivedAt,
    string? GroupId,
    long? Version,
    string? Reason,
    bool? EmergencyStop,
    bool SignatureValid,
    bool TimestampFresh,
    int Status,
    WebhookOutcome Outcome,
    string? Problem,
    bool ConfirmScheduled,
    ReadOnlyMemory<byte> RawBody)
{
    /// <summary>The raw body as text (decoded when asked: a burst of webhooks is recorded without a string each).</summary>
    public string Body => System.Text.Encoding.UTF8.GetString(RawBody.Span);

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {GroupId} v{Version} -> {Status} {Outcome}";
}
