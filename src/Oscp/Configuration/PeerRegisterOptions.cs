using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Configuration;

/// <summary>OSCP 2.0 Register of one <c>oscp</c> peer (<c>Oscp:Peers:&lt;peerId&gt;:Register</c>).</summary>
public sealed class PeerRegisterOptions
{
    /// <summary>True: at start-up, with no registration stored, we send the first Register to the CP.</summary>
    public bool Initiate { get; set; }

    /// <summary>The token the CP gave us out of band for our first Register (required with <see cref="Initiate"/>). Secret: never logged.</summary>
    public string? BootstrapToken { get; set; }
}

/// <summary>Which peers exchange their tokens with OSCP 2.0 Register instead of configuring them.</summary>
public static class PeerRegistration
{
    /// <summary>
    /// True for an <c>oscp</c> peer with <c>Register:Initiate</c> or any <c>Inbound:BootstrapTokenHashes</c>: its tokens
    /// and the CP's base URL come from Register, and it does not handshake until registered.
    /// </summary>
    public static bool UsesRegister(this PeerOptions peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return peer.Profile == PeerProfile.Oscp && (peer.Register.Initiate || peer.Inbound.BootstrapTokenHashes.Count > 0);
    }
}
