namespace OscpFleet.Oscp.Configuration;

/// <summary>
/// The checks every options validator applies, each adding one <c>&lt;key&gt;: &lt;reason&gt;</c> line and never echoing
/// the value (it could be a secret). Used by <see cref="ConfigurationValidator"/> and by the simulator's validators.
/// </summary>
public static class OptionChecks
{
    /// <summary>Adds "<paramref name="key"/>: is required" when the value is missing or blank.</summary>
    public static void Require(string key, string? value, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value)) errors.Add($"{key}: is required");
    }

    /// <summary>Adds a problem unless the value is an absolute http or https URL.</summary>
    public static void RequireUrl(string key, string? value, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value)) errors.Add($"{key}: is required");
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            errors.Add($"{key}: must be an absolute http(s) URL");
    }
}
