using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace OscpFleet.Hosting;

/// <summary>
/// Secrets mounted as files (a Kubernetes Secret volume): each file in <c>Secrets:Directory</c> is one key, its name the key
/// with <c>__</c> for <c>:</c> (<c>Storage__TableConnectionString</c>), its content the value. Added last, so a file wins
/// over appsettings, environment variables and the command line.
/// </summary>
public sealed class SecretFiles
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Secrets";

    /// <summary>The directory holding one file per secret key; no secret files when unset.</summary>
    public string? Directory { get; set; }

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate() =>
        Directory is { Length: > 0 } dir && !System.IO.Directory.Exists(dir)
            ? ["Secrets:Directory: the directory does not exist (mount the secret volume there, or unset the key)"]
            : [];
}

/// <summary>Adds <see cref="SecretFiles"/> to a process's configuration.</summary>
public static class SecretFilesConfiguration
{
    /// <summary>
    /// Reads <c>Secrets:Directory</c> from the configuration so far and adds its files as configuration keys. A missing
    /// directory is reported by start-up validation (with the other problems), not thrown here.
    /// </summary>
    public static WebApplicationBuilder AddFleetSecretFiles(this WebApplicationBuilder builder)
    {
        var directory = builder.Configuration[$"{SecretFiles.Section}:{nameof(SecretFiles.Directory)}"];
        if (!string.IsNullOrWhiteSpace(directory))
        {
            // Kubernetes projects a Secret as symlinks into a "..data" folder that is swapped on update; the file provider
            // skips dot-prefixed entries, so only the keys are read. Changes apply at the next start (pods are restarted).
            builder.Configuration.AddKeyPerFile(Path.GetFullPath(directory), optional: true);
        }
        builder.Services.AddValidatedOptions<SecretFiles>(builder.Configuration, SecretFiles.Section, o => o.Validate());
        return builder;
    }
}
