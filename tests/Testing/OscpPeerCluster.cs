using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Grains.Peers;
using OscpFleet.Oscp.Configuration;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Simulator.Cp;

namespace OscpFleet.Testing;

/// <summary>
/// A deployment with one plain OSCP peer (<c>Profile: oscp</c>, <c>Authorization: Token</c> both ways) played by the
/// CP simulator in <c>oscp</c> mode over real loopback HTTP: Azurite, the simulator, a gateway on a fixed port and one
/// silo, all on the cluster's fake clock except the Orleans runtime. No OAuth, no signing keys, no API clients: an
/// oscp-only gateway needs none, so tests read the peer through the gateway's own cluster client.
/// </summary>
public class OscpPeerCluster : CpPeerCluster
{
    /// <summary>The peer id.</summary>
    public const string PeerId = "plain_cp";

    /// <summary>The heartbeat interval we ask of the CP (a vector peer would also get ours at this interval).</summary>
    public const int WeAskHeartbeatSeconds = 10;

    /// <summary>The token we send the CP (<c>Oscp:Peers:plain_cp:Token</c>; the simulator's <c>InboundToken</c>).</summary>
    public string OurToken { get; } = Secret();

    /// <summary>The token the CP sends us (its hash is <c>Inbound:TokenHashes:0</c>; the simulator's <c>OutboundToken</c>).</summary>
    public string CpToken { get; } = Secret();

    /// <summary>The heartbeat interval the CP asks of us; 0 asks none.</summary>
    public virtual int CpAsksHeartbeatSeconds => 0;

    /// <summary>The measurement configuration the CP asks of us.</summary>
    public virtual IReadOnlyList<Oscp.Wire.MeasurementConfiguration> CpAsksMeasurementConfiguration => [];

    /// <summary>The peer grain, through the gateway's cluster client.</summary>
    public IPeerGrain Peer => Gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IPeerGrain>(PeerId);

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = new Dictionary<string, string?>
            {
                [$"Oscp:Peers:{PeerId}:Profile"] = "oscp",
                [$"Oscp:Peers:{PeerId}:BaseUrl"] = Simulator.BaseAddress.ToString(),
                [$"Oscp:Peers:{PeerId}:Token"] = OurToken,
                [$"Oscp:Peers:{PeerId}:Inbound:TokenHashes:0"] = SecretHash.Compute(CpToken),
                [$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = WeAskHeartbeatSeconds.ToString(CultureInfo.InvariantCulture),
            };
            if (HasSites)
            {
                // Sites need a CSMS endpoint; their limit webhooks have nowhere to go here and retry quietly meanwhile.
                settings["Csms:Endpoints:main:Url"] = $"http://127.0.0.1:{FreePort.Next()}/limits";
                settings["Csms:Endpoints:main:Secrets:0"] = "a-webhook-secret-of-at-least-32-characters";
            }
            return settings;
        }
    }

    /// <summary>True when tests define sites (on the CSMS endpoint <c>main</c>, which nothing listens on).</summary>
    protected virtual bool HasSites => false;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var simulator = new CpSimulatorOptions
        {
            Profile = PeerProfile.Oscp,
            // Only the gateway's port is reserved ahead (the simulator must know it); the simulator takes any free one, so
            // a port handed out twice between reserving and binding has one chance to bite instead of two.
            ListenUrl = "http://127.0.0.1:0",
            FpBaseUrl = $"http://127.0.0.1:{gatewayPort}",
            InboundToken = OurToken,
            OutboundToken = CpToken,
            RequiredHeartbeatIntervalSeconds = CpAsksHeartbeatSeconds,
            RequiredMeasurementConfiguration = [.. CpAsksMeasurementConfiguration],
            ForecastPeriodMinutes = 0,
        };
        ConfigureSimulator(simulator);
        await StartSimulatorAndFleetAsync(simulator);
        // The CP's acknowledge of our start-up handshake may have met a gateway still joining the cluster (503); don't
        // wait for our acknowledge timeout: handshake again. Ours, not the CP's: the peer is Online as soon as it takes
        // the CP's acknowledge, before the CP is, so once the CP is online both are.
        if (Simulator.GetState().Connection.State != CpConnectionState.Online) await Peer.StartHandshakeAsync();
        await Simulator.WaitForOnlineAsync(Patience);
    }

    /// <summary>Changes the CP simulator's options before it starts (a CP with its own habits).</summary>
    protected virtual void ConfigureSimulator(CpSimulatorOptions options)
    {
    }
}
