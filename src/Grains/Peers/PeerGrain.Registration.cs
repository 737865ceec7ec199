using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// OSCP 2.0 Register as the connection sees it: a peer that uses Register calls the CP with the token and base URL of
/// its registration (kept here, refreshed by <see cref="IPeerRegistrationGrain"/>) and does not handshake until registered.
/// </summary>
public sealed partial class PeerGrain
{
    private RegisteredEndpoint? registered;

    /// <summary>True unless the peer uses Register and is not registered: only then may it handshake.</summary>
    private bool MayHandshake => !Config.UsesRegister() || registered is { Registered: true };

    /// <summary>The endpoint of the CP: from the registration when the peer uses Register, else from configuration.</summary>
    private OscpPeerEndpoint CurrentEndpoint => !Config.UsesRegister() ? OscpPeerEndpoint.FromOptions(PeerId, Config)
        : registered is { } r ? OscpPeerEndpoint.FromRegistration(PeerId, Config, r.BaseUrl, r.Token)
        : throw new InvalidOperationException($"peer '{PeerId}' is not registered: nothing may be sent to it");

    /// <inheritdoc />
    public Task UseRegistrationAsync(RegisteredEndpoint? endpoint)
    {
        registered = endpoint;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task UnregisteredAsync()
    {
        registered = null;
        State.PendingAcknowledgeFor = null;
        await GoOfflineAsync("the CP unregistered (DELETE /register)");
        await NotifySitesIfChangedAsync();
    }

    private async Task LoadRegistrationAsync()
    {
        if (Config.UsesRegister())
            registered = await GrainFactory.GetGrain<IPeerRegistrationGrain>(PeerId).GetEndpointAsync();
    }
}
