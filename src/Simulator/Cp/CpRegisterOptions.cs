namespace OscpFleet.Simulator.Cp;

/// <summary>
/// OSCP 2.0 Register of a plain OSCP CP (<c>Simulator:Cp:Register</c>): the tokens both ways are exchanged at
/// registration instead of configured (<c>OutboundToken</c>/<c>InboundToken</c> are then not used). The mode is on when
/// <see cref="Initiate"/> is true or <see cref="BootstrapTokenForFp"/> is set.
/// </summary>
public sealed class CpRegisterOptions
{
    /// <summary>The simulator sends the first Register to the FP at start-up, with <see cref="BootstrapTokenFromFp"/>.</summary>
    public bool Initiate { get; set; }

    /// <summary>
    /// The bootstrap token the FP's operator gave the simulator (the FP holds its hash in
    /// <c>Oscp:Peers:&lt;peerId&gt;:Inbound:BootstrapTokenHashes</c>); required with <see cref="Initiate"/>. Secret: never logged.
    /// </summary>
    public string? BootstrapTokenFromFp { get; set; }

    /// <summary>
    /// The bootstrap token the simulator gives the FP's operator (the FP's <c>Register:BootstrapToken</c>): it accepts
    /// the FP's first Register on <c>/oscp/cp/2.0/register</c>. Secret: never logged.
    /// </summary>
    public string? BootstrapTokenForFp { get; set; }

    /// <summary>True when the simulator exchanges its tokens with Register.</summary>
    public bool Enabled => Initiate || !string.IsNullOrEmpty(BootstrapTokenForFp);
}
