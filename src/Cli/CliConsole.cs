namespace OscpFleet.Cli;

/// <summary>
/// What the CLI reads and writes besides the network: stdout, stderr and the environment. Tests pass their own, so the
/// entry point runs in-process with captured output and a made-up environment.
/// </summary>
/// <param name="Out">Results (tables, JSON, NDJSON).</param>
/// <param name="Error">Problems: parse errors and the API's problem text.</param>
/// <param name="Environment">Reads an environment variable (null when unset).</param>
public sealed record CliConsole(TextWriter Out, TextWriter Error, Func<string, string?> Environment);
