using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>How the simulator answers one OSCP call.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Reason">Why, for the log.</param>
/// <param name="Error">The body of a refusal, <c>{"message","errors"}</c>; null for none.</param>
/// <param name="WwwAuthenticate">The challenge of a 401.</param>
/// <param name="Accepted">True when the call takes effect; a silent or scripted 204 answers without it.</param>
internal sealed record CpVerdict(int Status, string Reason, OscpError? Error = null, string? WwwAuthenticate = null, bool Accepted = false)
{
    public static CpVerdict Accept { get; } = new(StatusCodes.Status204NoContent, "accepted", Accepted: true);

    // A 2xx answer of a script carries no body: the FP must see exactly what the status says.
    public static CpVerdict Refuse(int status, string message) =>
        new(status, message, status is >= 200 and < 300 ? null : new OscpError(message));
}
