using System.Text.RegularExpressions;

namespace OscpFleet.Oscp.Configuration;

/// <summary>Our identifier rules (peer ids: docs/configuration.md, "Peer keys"; group ids: docs/protocol.md, "Roles and profiles").</summary>
public static partial class Identifiers
{
    /// <summary>Peer and client names: letters, digits and '_', 1–32 characters (so they work in environment variable names).</summary>
    public static bool IsValidPeerId(string? value) => value is not null && PeerIdPattern().IsMatch(value);

    /// <summary>Group ids: letters, digits, '_' and '-', 1–64 characters.</summary>
    public static bool IsValidGroupId(string? value) => value is not null && GroupIdPattern().IsMatch(value);

    /// <summary>
    /// An OAuth 2.0 scope (RFC 6749 §3.3): one or more scope tokens separated by single spaces, each of printable ASCII
    /// except '"' and '\' (%x21 / %x23-5B / %x5D-7E); no leading, trailing or double space.
    /// </summary>
    public static bool IsValidOAuthScope(string? value) =>
        !string.IsNullOrEmpty(value) && value.Split(' ').All(token => token.Length > 0 && token.All(IsScopeTokenChar));

    private static bool IsScopeTokenChar(char c) => c is '!' or (>= '#' and <= '[') or (>= ']' and <= '~');

    [GeneratedRegex("^[A-Za-z0-9_]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex PeerIdPattern();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex GroupIdPattern();
}
