using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Registration;

/// <summary>The version negotiation of OSCP 2.0 Register: we speak 2.0 only.</summary>
public static class RegisterVersions
{
    /// <summary>The one version we speak.</summary>
    public const string Supported = "2.0";

    /// <summary>
    /// The peer's entry for <see cref="Supported"/>, or null when it lists none (no common version: answer 501, or treat
    /// the peer's 501 as final). The base URL must be an absolute http(s) URL; see <see cref="TryBaseUrl"/>.
    /// </summary>
    public static VersionUrl? Choose(IEnumerable<VersionUrl> offered)
    {
        ArgumentNullException.ThrowIfNull(offered);
        return offered.FirstOrDefault(v => string.Equals(v.Version?.Trim(), Supported, StringComparison.Ordinal));
    }

    /// <summary>The base URL of <paramref name="version"/> when it is an absolute http(s) URL without query or fragment.</summary>
    public static Uri? TryBaseUrl(VersionUrl version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Uri.TryCreate(version.BaseUrl, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment)
            ? uri
            : null;
    }

    /// <summary>Our Register: <paramref name="token"/> for the peer and our base URL of 2.0 (<paramref name="root"/> + <paramref name="prefix"/>).</summary>
    public static Register Ours(string token, string root, string prefix) =>
        new(token, [new VersionUrl(Supported, root.TrimEnd('/') + prefix)]);
}
