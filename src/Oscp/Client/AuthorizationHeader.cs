using Microsoft.Extensions.Primitives;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// Splits an <c>Authorization</c> header into its scheme word and its credentials (RFC 9110 §11.6.2). One reading for
/// every inbound check (the gateway's token endpoint and bearer/Token schemes, the simulator's token endpoint).
/// </summary>
public static class AuthorizationHeader
{
    /// <summary>False for a missing, repeated or blank header, or one without credentials after the scheme.</summary>
    public static bool TryParse(StringValues header, out string scheme, out string credentials)
    {
        scheme = credentials = "";
        // Two Authorization headers are ambiguous: refuse rather than guess which one counts.
        if (header.Count != 1 || header[0] is not { } value) return false;
        value = value.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (space <= 0) return false;
        scheme = value[..space];
        credentials = value[(space + 1)..].Trim();
        return credentials.Length > 0;
    }

    /// <summary>True when the header names <paramref name="expected"/> as its scheme (case-insensitive, as RFC 9110 says).</summary>
    public static bool HasScheme(StringValues header, string expected) =>
        TryParse(header, out var scheme, out _) && scheme.Equals(expected, StringComparison.OrdinalIgnoreCase);
}
