namespace OscpFleet.Cli.Output;

/// <summary>How results are printed (<c>--output</c>).</summary>
public enum OutputFormat
{
    /// <summary>Aligned columns for a person.</summary>
    Table,

    /// <summary>The API's JSON, indented, for scripts.</summary>
    Json,
}
