namespace OscpFleet.Oscp.Wire;

/// <summary>
/// Body of a non-2xx OSCP answer: <c>{"message": "...", "errors": ["forecasted_blocks[3].unit: ..."]}</c>;
/// <see cref="Errors"/> lists every problem as <c>path: reason</c> when the body was invalid.
/// </summary>
public sealed record OscpError(string Message, IReadOnlyList<string>? Errors = null);
