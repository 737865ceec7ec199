namespace OscpFleet.Cli;

/// <summary>The process exit codes: scripts tell "fix the command" from "fix the credentials" from "the gateway is down".</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Something failed on this machine (e.g. the output file could not be written).</summary>
    public const int Failed = 1;

    /// <summary>The command line is wrong: unknown command or option, a missing or malformed value, an unreadable input file.</summary>
    public const int Usage = 2;

    /// <summary>The gateway refused the credentials (token endpoint 400/401) or the token (401/403 on the API).</summary>
    public const int Auth = 3;

    /// <summary>The gateway answered and refused the request (any other 4xx or 5xx); its problem text is on stderr.</summary>
    public const int Refused = 4;

    /// <summary>The gateway could not be reached (connection refused, DNS, TLS, timeout).</summary>
    public const int Unreachable = 5;
}
