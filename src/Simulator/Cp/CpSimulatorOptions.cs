using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// The capacity provider simulator (<c>Simulator:Cp</c>). "FP" is the flexibility provider under test
/// (our gateway); keys starting with <c>Fp</c> are how the simulator reaches it, the others what the
/// simulator demands of it. <see cref="Profile"/> picks the dialect: Vector's OAuth and static headers, or
/// plain OSCP's <c>Authorization: Token</c> both ways.
/// </summary>
public sealed class CpSimulatorOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Simulator:Cp";

    /// <summary>Default address: loopback only, because the control API has no authentication.</summary>
    public const string DefaultListenUrl = "http://127.0.0.1:5090";

    /// <summary>Default token lifetime in seconds.</summary>
    public const int DefaultTokenLifetimeSeconds = 3600;

    /// <summary><see cref="TokenAuthStyle"/>: client credentials by HTTP Basic or in the form body, either accepted (the default).</summary>
    public const string AnyTokenAuthStyle = "any";

    /// <summary><see cref="TokenAuthStyle"/>: only HTTP Basic (<c>client_secret_basic</c>, RFC 6749 §2.3.1).</summary>
    public const string BasicTokenAuthStyle = "basic";

    /// <summary><see cref="TokenAuthStyle"/>: only the form body (<c>client_secret_post</c>).</summary>
    public const string BodyTokenAuthStyle = "body";

    /// <summary>Default heartbeat interval, in seconds, in both directions.</summary>
    public const int DefaultHeartbeatIntervalSeconds = 30;

    /// <summary>Vector sends a forecast every 15 minutes.</summary>
    public const int DefaultForecastPeriodMinutes = 15;

    /// <summary>Default capacity of every forecasted block, in kW.</summary>
    public const double DefaultCapacityKw = 100;

    /// <summary>24 hours of 15-minute blocks.</summary>
    public const int DefaultForecastBlockCount = 96;

    /// <summary>
    /// The CP the simulator plays: <see cref="PeerProfile.Vector"/> (OAuth both ways, <c>fp-id</c>/<c>apikey</c>
    /// headers, heartbeats even when the FP asks none) or <see cref="PeerProfile.Oscp"/> (<c>Authorization: Token</c>
    /// both ways, heartbeats only when the FP asks for them).
    /// </summary>
    public PeerProfile Profile { get; set; } = PeerProfile.Vector;

    /// <summary>Where the simulator listens (<c>http://127.0.0.1:0</c> picks a free port).</summary>
    public string ListenUrl { get; set; } = DefaultListenUrl;

    /// <summary>The FP's root, e.g. <c>http://127.0.0.1:5080</c>; <c>/oscp/fp/2.0/&lt;message&gt;</c> is appended.</summary>
    public string? FpBaseUrl { get; set; }

    /// <summary>vector: the FP's OAuth token endpoint, e.g. <c>http://127.0.0.1:5080/oauth/token</c>.</summary>
    public string? FpTokenUrl { get; set; }

    /// <summary>vector: the simulator's client id at <see cref="FpTokenUrl"/>.</summary>
    public string? FpClientId { get; set; }

    /// <summary>vector: the simulator's client secret at <see cref="FpTokenUrl"/>. Secret: never logged.</summary>
    public string? FpClientSecret { get; set; }

    /// <summary>oscp: the token the simulator sends as <c>Authorization: Token &lt;token&gt;</c> (the FP holds its hash). Secret: never logged.</summary>
    public string? OutboundToken { get; set; }

    /// <summary>oscp: the token every call from the FP must carry as <c>Authorization: Token &lt;token&gt;</c>. Secret: never logged.</summary>
    public string? InboundToken { get; set; }

    /// <summary>Static headers the simulator adds to its calls to the FP (none by default).</summary>
    public List<HeaderOptions> FpHeaders { get; set; } = [];

    /// <summary>vector: the client id the FP must present at the simulator's <c>/token</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>vector: the client secret the FP must present at the simulator's <c>/token</c>. Secret: never logged.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>
    /// vector: how the FP may present its credentials at <c>/token</c>: <c>any</c> (the default; HTTP Basic or the form
    /// body), <c>basic</c> (HTTP Basic only) or <c>body</c> (the form body only); the other way is 401 <c>invalid_client</c>.
    /// </summary>
    public string TokenAuthStyle { get; set; } = AnyTokenAuthStyle;

    /// <summary>
    /// vector: when set, the scope tokens (space-separated) every token request's <c>scope</c> must include, else 400
    /// <c>invalid_scope</c>; unset, any scope or none is fine.
    /// </summary>
    public string? RequiredTokenScope { get; set; }

    /// <summary>
    /// vector: when true, token requests must carry the same <c>fp-id</c>, <c>apikey</c> (and, when set,
    /// <c>x-access-token</c>) headers as OSCP calls, else 401 <c>invalid_client</c>.
    /// </summary>
    public bool RequireHeadersOnTokenRequest { get; set; }

    /// <summary>vector: lifetime of the bearer tokens the simulator issues.</summary>
    public int TokenLifetimeSeconds { get; set; } = DefaultTokenLifetimeSeconds;

    /// <summary>vector: the <c>fp-id</c> header value every OSCP call to the simulator must carry.</summary>
    public string? FpId { get; set; }

    /// <summary>vector: the <c>apikey</c> header value every OSCP call to the simulator must carry.</summary>
    public string? ApiKey { get; set; }

    /// <summary>vector: when set, the <c>x-access-token</c> value every call must carry (Vector's test environment).</summary>
    public string? AccessToken { get; set; }

    /// <summary>The heartbeat interval the simulator asks of the FP (handshake and acknowledge); 0 asks none.</summary>
    public int RequiredHeartbeatIntervalSeconds { get; set; } = DefaultHeartbeatIntervalSeconds;

    /// <summary>
    /// The kinds of energy readings the simulator asks of the FP (<c>measurement_configuration</c> of its handshake and
    /// acknowledge): <c>CONTINUOUS</c> (a register never reset) and/or <c>INTERMITTENT</c> (per-period readings with
    /// <c>initial_measure_time</c>); empty (the default) states no preference. Asking <c>INTERMITTENT</c> alone makes a
    /// reading without <c>initial_measure_time</c> a 400.
    /// </summary>
    public List<MeasurementConfiguration> RequiredMeasurementConfiguration { get; set; } = [];

    /// <summary>The simulator's own heartbeat interval when the FP asks none (vector only: a plain OSCP CP then sends none).</summary>
    public int HeartbeatIntervalSeconds { get; set; } = DefaultHeartbeatIntervalSeconds;

    /// <summary>
    /// False plays a CP that never heartbeats, whatever the FP asks (some plain OSCP capacity providers do not): the FP
    /// must be configured not to expect heartbeats from it.
    /// </summary>
    public bool SendsHeartbeats { get; set; } = true;

    /// <summary>
    /// When set (&gt; 0), the simulator heartbeats at this interval instead of the one the FP asked for, and announces
    /// <c>offline_mode_at</c> = now + 3 × this: a CP that is slower than asked (e.g. 2.5 × the interval) but honest
    /// about it. Only when it would heartbeat at all.
    /// </summary>
    public int? HeartbeatEverySeconds { get; set; }

    /// <summary>
    /// True: as soon as the FP's acknowledge of the simulator's handshake arrives, the simulator sends a heartbeat and a
    /// forecast to every site and waits for their answers before it answers the acknowledge — the FP's HTTP client has
    /// then not read that answer yet, and must take them anyway.
    /// </summary>
    public bool SendOnAcknowledge { get; set; }

    /// <summary>The group ids of the simulated sites.</summary>
    public List<string> Sites { get; set; } = [];

    /// <summary>Every this many minutes a forecast goes to each site while connected; 0 turns the schedule off.</summary>
    public int ForecastPeriodMinutes { get; set; } = DefaultForecastPeriodMinutes;

    /// <summary>Capacity of every block of a forecast, in kW, unless a request names another.</summary>
    public double CapacityKw { get; set; } = DefaultCapacityKw;

    /// <summary>Number of 15-minute blocks in a forecast.</summary>
    public int ForecastBlockCount { get; set; } = DefaultForecastBlockCount;

    /// <summary>The most records kept of each of received and sent (the oldest go first).</summary>
    public int MaxRecords { get; set; } = RecordLog<object>.DefaultCapacity;

    /// <summary>oscp: OSCP 2.0 Register (tokens exchanged instead of configured).</summary>
    public CpRegisterOptions Register { get; set; } = new();

    /// <summary>Start a handshake with the FP as soon as the simulator listens (with Register: as soon as it is registered).</summary>
    public bool HandshakeOnStart { get; set; }
}
