using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Client;

/// <summary>
/// Where and how to reach one peer: its base URL, path overrides, static headers, credentials and which
/// answers mean "handshake first". Built from configuration by <see cref="FromOptions"/>, or in code (a CP
/// simulator calling our FP endpoints sets <see cref="DefaultPathPrefix"/> to <c>/oscp/fp/2.0</c>).
/// <see cref="ToString"/> prints no secret and no header value.
/// </summary>
/// <param name="PeerId">The peer id (<c>Oscp:Peers:&lt;peerId&gt;</c>); a tag on metrics and logs.</param>
/// <param name="Profile">The OSCP dialect; outbound messages are validated against it.</param>
/// <param name="BaseUrl">The peer's root URL; a trailing '/' is ignored.</param>
/// <param name="Credentials">How we authenticate there.</param>
public sealed record OscpPeerEndpoint(string PeerId, PeerProfile Profile, Uri BaseUrl, OscpCredentials Credentials)
{
    /// <summary>The default path prefix of a capacity provider (OSCP 2.0 convention; docs/protocol.md, "Transport").</summary>
    public const string CapacityProviderPathPrefix = "/oscp/cp/2.0";

    /// <summary>The path prefix of a flexibility provider, for a CP simulator calling us.</summary>
    public const string FlexibilityProviderPathPrefix = "/oscp/fp/2.0";

    private readonly IReadOnlyDictionary<string, string> _paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Put between <see cref="BaseUrl"/> and the message path unless <see cref="Paths"/> overrides it; empty for none.</summary>
    public string DefaultPathPrefix { get; init; } = CapacityProviderPathPrefix;

    /// <summary>Full-path overrides keyed by message path name (<c>heartbeat</c> → <c>/alt/heartbeat</c>), appended to <see cref="BaseUrl"/>; keys are case-insensitive.</summary>
    public IReadOnlyDictionary<string, string> Paths
    {
        get => _paths;
        init => _paths = new Dictionary<string, string>(value, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Static headers sent on every request (<c>fp-id</c>, <c>apikey</c>, …). Headers the client sets itself (X-Request-ID, Authorization, …) are ignored here.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>The peer's answers that mean "handshake first".</summary>
    public IReadOnlyCollection<int> NotConnectedStatuses { get; init; } = [409];

    /// <summary>The URL a message of <paramref name="kind"/> is posted to.</summary>
    public Uri UrlFor(OscpMessageKind kind)
    {
        var root = BaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/');
        var path = _paths.TryGetValue(kind.Path(), out var full)
            ? LeadingSlash(full)
            : LeadingSlash(DefaultPathPrefix.Trim().TrimEnd('/')) + "/" + kind.Path();
        return new Uri(root + path, UriKind.Absolute);
    }

    /// <summary>
    /// Builds the endpoint of a configured peer: <c>vector</c> → <see cref="OAuthClientCredentials"/> from
    /// TokenUrl/ClientId/ClientSecret/TokenAuthStyle/TokenScope (and the static headers when TokenRequestHeaders is true),
    /// <c>oscp</c> → <see cref="StaticToken"/> from Token.
    /// </summary>
    /// <exception cref="ArgumentException">A required key is missing or invalid; the message names the key, never its value.</exception>
    public static OscpPeerEndpoint FromOptions(string peerId, PeerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{OscpOptions.Section}:Peers:{peerId}";
        var profile = options.Profile ?? throw Invalid($"{key}:Profile", "is required (vector | oscp)");
        var headers = options.Headers
            .Where(h => !string.IsNullOrWhiteSpace(h.Name))
            .Select(h => KeyValuePair.Create(h.Name!, h.Value ?? string.Empty))
            .ToArray();
        OscpCredentials credentials = profile switch
        {
            PeerProfile.Vector => new OAuthClientCredentials(
                RequireUrl($"{key}:TokenUrl", options.TokenUrl),
                Require($"{key}:ClientId", options.ClientId),
                Require($"{key}:ClientSecret", options.ClientSecret),
                RequireScope($"{key}:TokenScope", options.TokenScope))
            {
                AuthStyle = AuthStyle($"{key}:TokenAuthStyle", options.TokenAuthStyle),
                TokenRequestHeaders = options.TokenRequestHeaders ? headers : [],
            },
            _ => new StaticToken(Require($"{key}:Token", options.Token)),
        };
        return new OscpPeerEndpoint(peerId, profile, RequireUrl($"{key}:BaseUrl", options.BaseUrl), credentials)
        {
            Paths = options.Paths,
            Headers = headers,
            NotConnectedStatuses = options.NotConnectedStatuses.ToArray(),
        };
    }

    /// <summary>
    /// The endpoint of a registered <c>oscp</c> peer: the token and the 2.0 base URL the CP sent in its Register
    /// (message paths are appended to that URL, without <see cref="DefaultPathPrefix"/>; a <c>Paths</c> override is
    /// appended to it too), with the configured headers and "not connected" statuses.
    /// </summary>
    public static OscpPeerEndpoint FromRegistration(string peerId, PeerOptions options, Uri baseUrl, string token)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrEmpty(token);
        return new OscpPeerEndpoint(peerId, PeerProfile.Oscp, baseUrl, new StaticToken(token))
        {
            DefaultPathPrefix = string.Empty,
            Paths = options.Paths,
            Headers = HeadersOf(options),
            NotConnectedStatuses = options.NotConnectedStatuses.ToArray(),
        };
    }

    /// <summary>
    /// Where our first Register goes: the configured <c>BaseUrl</c> (and <c>Paths:register</c>), authenticated with the
    /// bootstrap token <c>Register:BootstrapToken</c>.
    /// </summary>
    /// <exception cref="ArgumentException">BaseUrl or Register:BootstrapToken is missing or invalid; the message names the key.</exception>
    public static OscpPeerEndpoint ForBootstrap(string peerId, PeerOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(peerId);
        ArgumentNullException.ThrowIfNull(options);
        var key = $"{OscpOptions.Section}:Peers:{peerId}";
        return new OscpPeerEndpoint(peerId, PeerProfile.Oscp, RequireUrl($"{key}:BaseUrl", options.BaseUrl), new StaticToken(Require($"{key}:Register:BootstrapToken", options.Register.BootstrapToken)))
        {
            Paths = options.Paths,
            Headers = HeadersOf(options),
            NotConnectedStatuses = options.NotConnectedStatuses.ToArray(),
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{nameof(OscpPeerEndpoint)} {{ PeerId = {PeerId}, Profile = {Profile}, BaseUrl = {BaseUrl}, Credentials = {Credentials}, " +
        $"Headers = [{string.Join(", ", Headers.Select(h => h.Key))}], NotConnectedStatuses = [{string.Join(", ", NotConnectedStatuses)}] }}";

    private static KeyValuePair<string, string>[] HeadersOf(PeerOptions options) =>
        options.Headers
            .Where(h => !string.IsNullOrWhiteSpace(h.Name))
            .Select(h => KeyValuePair.Create(h.Name!, h.Value ?? string.Empty))
            .ToArray();

    private static string LeadingSlash(string path) => path.Length == 0 || path[0] == '/' ? path : "/" + path;

    private static string Require(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? throw Invalid(key, "is required") : value;

    private static OAuthClientAuthStyle AuthStyle(string key, string? value) =>
        !PeerOptions.IsValidTokenAuthStyle(value) ? throw Invalid(key, $"must be {PeerOptions.TokenAuthStyleBody} or {PeerOptions.TokenAuthStyleBasic}")
        : PeerOptions.IsBasicTokenAuthStyle(value) ? OAuthClientAuthStyle.Basic
        : OAuthClientAuthStyle.Body;

    private static string? RequireScope(string key, string? value) =>
        string.IsNullOrEmpty(value) ? null
        : Identifiers.IsValidOAuthScope(value) ? value
        : throw Invalid(key, "must be scope tokens separated by single spaces (RFC 6749 §3.3)");

    private static Uri RequireUrl(string key, string? value) =>
        Uri.TryCreate(Require(key, value), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri
            : throw Invalid(key, "must be an absolute http(s) URL");

    // The message names the key only: a URL or secret value is never echoed (it could carry credentials).
    private static ArgumentException Invalid(string key, string reason) => new($"{key}: {reason}", "options");
}
