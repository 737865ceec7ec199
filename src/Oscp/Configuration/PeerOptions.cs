using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Configuration;

/// <summary>One capacity provider connection (<c>Oscp:Peers:&lt;peerId&gt;</c>).</summary>
public sealed class PeerOptions
{
    /// <summary>Default interval we ask the CP to heartbeat at, in seconds.</summary>
    public const int DefaultHeartbeatIntervalSeconds = 30;

    /// <summary><see cref="TokenAuthStyle"/>: <c>client_id</c> and <c>client_secret</c> in the form body (the default).</summary>
    public const string TokenAuthStyleBody = "body";

    /// <summary><see cref="TokenAuthStyle"/>: HTTP Basic (RFC 6749 §2.3.1).</summary>
    public const string TokenAuthStyleBasic = "basic";

    /// <summary>Default <see cref="TokenAuthStyle"/>: credentials in the form body.</summary>
    public const string DefaultTokenAuthStyle = TokenAuthStyleBody;

    /// <summary>Default measurement period, aligned to the clock.</summary>
    public const int DefaultReportPeriodMinutes = 15;

    /// <summary>Default window after each boundary over which sites spread their reports.</summary>
    public const int DefaultReportSpreadSeconds = 60;

    /// <summary>Default least time we wait for the CP's first heartbeat after a handshake completes.</summary>
    public const int DefaultFirstHeartbeatGraceSeconds = 300;

    /// <summary><c>vector</c> or <c>oscp</c>.</summary>
    public PeerProfile? Profile { get; set; }

    /// <summary>The CP's root URL; <c>/oscp/cp/2.0/&lt;message&gt;</c> is appended unless a path override exists.</summary>
    public string? BaseUrl { get; set; }

    /// <summary>Full-path overrides per message name (e.g. <c>heartbeat: /alt/heartbeat</c>).</summary>
    public Dictionary<string, string> Paths { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>vector: the CP's OAuth 2.0 token endpoint (client credentials).</summary>
    public string? TokenUrl { get; set; }

    /// <summary>
    /// True lets <see cref="BaseUrl"/>, <see cref="TokenUrl"/> and the <c>base_url</c> of the CP's Register be plain
    /// <c>http</c> in Production (a test rig only). Outside Production http is always allowed.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>vector: our client id at the CP's token endpoint.</summary>
    public string? ClientId { get; set; }

    /// <summary>vector: our client secret at the CP's token endpoint. Secret: never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// vector: how our client credentials travel to <see cref="TokenUrl"/>: <c>body</c> (the default; <c>client_id</c> and
    /// <c>client_secret</c> in the form) or <c>basic</c> (HTTP Basic, RFC 6749 §2.3.1). Case-insensitive.
    /// </summary>
    public string? TokenAuthStyle { get; set; } = DefaultTokenAuthStyle;

    /// <summary>vector: the <c>scope</c> sent with the token request (space-separated RFC 6749 scope tokens); none when unset.</summary>
    public string? TokenScope { get; set; }

    /// <summary>vector: when true, the static <see cref="Headers"/> go on the token request too, not only on OSCP calls.</summary>
    public bool TokenRequestHeaders { get; set; }

    /// <summary>oscp: the token we send as <c>Authorization: Token &lt;token&gt;</c>. Secret: never logged.</summary>
    public string? Token { get; set; }

    /// <summary>Static headers added to every outbound request (a list, so names may contain '-').</summary>
    public List<HeaderOptions> Headers { get; set; } = [];

    /// <summary>oscp: OSCP 2.0 Register (tokens exchanged at registration instead of configured).</summary>
    public PeerRegisterOptions Register { get; set; } = new();

    /// <summary>How the CP authenticates to us.</summary>
    public PeerInboundOptions Inbound { get; set; } = new();

    /// <summary>What we ask of the CP; for vector also our own interval when the CP asks none.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = DefaultHeartbeatIntervalSeconds;

    /// <summary>
    /// False for a CP that never heartbeats: its silence never takes the connection Offline (only a "not connected"
    /// answer or a failed handshake does).
    /// </summary>
    public bool ExpectHeartbeats { get; set; } = true;

    /// <summary>
    /// After a handshake completes, the CP's silence counts only after <c>max(3 × HeartbeatIntervalSeconds, this)</c>;
    /// from its first heartbeat on, its own <c>offline_mode_at</c> rules.
    /// </summary>
    public int FirstHeartbeatGraceSeconds { get; set; } = DefaultFirstHeartbeatGraceSeconds;

    /// <summary>The CP's answers that mean "handshake first".</summary>
    public List<int> NotConnectedStatuses { get; set; } = [409];

    /// <summary>Measurement period in minutes; must divide a day.</summary>
    public int ReportPeriodMinutes { get; set; } = DefaultReportPeriodMinutes;

    /// <summary>Sites send within this many seconds after each boundary.</summary>
    public int ReportSpreadSeconds { get; set; } = DefaultReportSpreadSeconds;

    /// <summary>The default of <see cref="MaxInFlight"/>: 8 a silo in the reference deployment of three.</summary>
    public const int DefaultMaxInFlight = 24;

    /// <summary>
    /// Storm control: the most outbox messages (reports, capacity requests, compliance errors) of all sites on the wire to
    /// this CP at once from the whole cluster (default 24; each silo takes an equal share, at least one). Handshakes and
    /// heartbeats are not counted.
    /// </summary>
    public int MaxInFlight { get; set; } = DefaultMaxInFlight;

    /// <summary>
    /// True when <paramref name="value"/> is a <see cref="TokenAuthStyle"/>: <c>body</c> or <c>basic</c> in any case, or
    /// unset (null or empty: <c>body</c>).
    /// </summary>
    public static bool IsValidTokenAuthStyle(string? value) =>
        string.IsNullOrEmpty(value) || IsBasicTokenAuthStyle(value) || string.Equals(value, TokenAuthStyleBody, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when <paramref name="value"/> asks for HTTP Basic at the token endpoint.</summary>
    public static bool IsBasicTokenAuthStyle(string? value) => string.Equals(value, TokenAuthStyleBasic, StringComparison.OrdinalIgnoreCase);
}
