namespace OscpFleet.Cli;

/// <summary>A failure that ends the command with <see cref="ExitCode"/> and <see cref="Exception.Message"/> on stderr.</summary>
public sealed class CliFailure : Exception
{
    /// <summary>A failure with its exit code (<see cref="ExitCodes"/>).</summary>
    public CliFailure(int exitCode, string message) : base(message) => ExitCode = exitCode;

    /// <summary>The failure with an inner exception (never shown; kept for debugging).</summary>
    public CliFailure(int exitCode, string message, Exception inner) : base(message, inner) => ExitCode = exitCode;

    /// <summary>Not used: every failure has an exit code.</summary>
    public CliFailure() : this(ExitCodes.Failed, "failed")
    {
    }

    /// <summary>Not used: every failure has an exit code.</summary>
    public CliFailure(string message) : this(ExitCodes.Failed, message)
    {
    }

    /// <summary>Not used: every failure has an exit code.</summary>
    public CliFailure(string message, Exception inner) : this(ExitCodes.Failed, message, inner)
    {
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }
}
