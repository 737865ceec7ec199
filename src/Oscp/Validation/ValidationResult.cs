using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// The outcome of validating an OSCP body: every problem found, each as <c>path: reason</c>
/// (e.g. <c>forecasted_blocks[3].end_time: must be after start_time</c>; <c>body</c> names the whole body).
/// </summary>
public sealed class ValidationResult
{
    /// <summary>A result without problems.</summary>
    public static ValidationResult Valid { get; } = new([]);

    /// <summary>Creates a result from its problems (none means valid).</summary>
    public ValidationResult(IReadOnlyList<string> errors) => Errors = errors;

    /// <summary>True when no problem was found.</summary>
    public bool IsValid => Errors.Count == 0;

    /// <summary>Every problem, as <c>path: reason</c>, in the order found (structure, then times and overlaps, then profile rules).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The OSCP 400 body: <c>{"message": …, "errors": [ … ]}</c>.</summary>
    public OscpError ToOscpError(string message = "invalid body") => new(message, Errors);

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : string.Join("; ", Errors);
}
