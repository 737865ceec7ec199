using System.Net.Http.Headers;

namespace OscpFleet.Cli.Commands;

/// <summary>The file <c>sites import</c> sends: read as bytes and sent as they are (the gateway validates every row).</summary>
public static class SiteFile
{
    /// <summary>The largest file read (the gateway's own body limit is lower by default: it answers 413 with its limit).</summary>
    public const long MaxBytes = 256L * 1024 * 1024;

    /// <summary>CSV or JSON.</summary>
    public enum Kind
    {
        /// <summary><c>text/csv</c>.</summary>
        Csv,

        /// <summary><c>application/json</c>.</summary>
        Json,
    }

    /// <summary><paramref name="format"/> when given, else CSV for a <c>.csv</c> file and JSON otherwise.</summary>
    public static Kind KindOf(FileInfo file, string? format)
    {
        ArgumentNullException.ThrowIfNull(file);
        return format?.ToUpperInvariant() switch
        {
            "CSV" => Kind.Csv,
            "JSON" => Kind.Json,
            _ => string.Equals(file.Extension, ".csv", StringComparison.OrdinalIgnoreCase) ? Kind.Csv : Kind.Json,
        };
    }

    /// <summary>The file's bytes; a missing, unreadable or too large file is a usage error (exit code 2).</summary>
    public static async Task<byte[]> ReadAsync(FileInfo file, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            if (!file.Exists) throw new CliFailure(ExitCodes.Usage, $"file: '{file.FullName}' does not exist");
            if (file.Length > MaxBytes) throw new CliFailure(ExitCodes.Usage, $"file: '{file.FullName}' is larger than {MaxBytes / 1024 / 1024} MiB");
            return await File.ReadAllBytesAsync(file.FullName, cancellation);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliFailure(ExitCodes.Usage, $"file: '{file.FullName}' cannot be read: {e.Message}", e);
        }
    }

    /// <summary>The request body with its content type.</summary>
    public static HttpContent Content(byte[] body, Kind kind)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(kind == Kind.Csv ? "text/csv" : "application/json") { CharSet = "utf-8" };
        return content;
    }
}
