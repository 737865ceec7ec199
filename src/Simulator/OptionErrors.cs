namespace OscpFleet.Simulator;

/// <summary>The checks both simulator modes apply to their options, naming the key and never echoing the value.</summary>
internal static class OptionErrors
{
    /// <summary>Adds "<paramref name="key"/>: is required" when the value is missing.</summary>
    public static void Require(string key, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{key}: is required");
    }

    /// <summary>Adds a problem unless the value is an absolute http(s) URL.</summary>
    public static void RequireUrl(string key, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors.Add($"{key}: is required");
        else if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{key}: must be an absolute http or https URL");
    }
}
