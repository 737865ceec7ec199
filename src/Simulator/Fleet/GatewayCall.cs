namespace OscpFleet.Simulator.Fleet;

/// <summary>One HTTP attempt of the simulated CSMS at the gateway (a retried call leaves one record per attempt).</summary>
/// <param name="Sequence">Order among every simulator event, taken when the attempt's answer (or failure) arrived.</param>
/// <param name="Kind">What it was.</param>
/// <param name="GroupId">The site; null for meter values of several sites.</param>
/// <param name="Version">The confirmed limit version.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path at the gateway.</param>
/// <param name="RequestBody">The JSON sent; null for an empty body.</param>
/// <param name="SentAt">When it left, by the simulator's clock.</param>
/// <param name="Status">The gateway's status; null after a transport error or a failed token request.</param>
/// <param name="ResponseBody">The gateway's body on a non-2xx answer (truncated).</param>
/// <param name="Error">Why it did not succeed; null when it did.</param>
/// <param name="RetryAt">When the next attempt is due (simulator clock); null when this attempt is the last.</param>
public sealed record GatewayCall(
    long Sequence,
    GatewayCallKind Kind,
    string? GroupId,
    long? Version,
    int Attempt,
    string Method,
    string Path,
    string? RequestBody,
    DateTimeOffset SentAt,
    int? Status,
    string? ResponseBody,
    string? Error,
    DateTimeOffset? RetryAt)
{
    /// <summary>The gateway answered 2xx.</summary>
    public bool Succeeded => Status is >= 200 and < 300;

    /// <inheritdoc />
    public override string ToString() => $"#{Sequence} {Kind} {Method} {Path} attempt {Attempt} -> {Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Error}";
}
