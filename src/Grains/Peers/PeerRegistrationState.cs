using OscpFleet.Oscp.Retry;

namespace OscpFleet.Grains.Peers;

/// <summary>
/// The persisted registration of one peer (JSON in Azure Table Storage). Tokens the CP presents to us are kept as
/// SHA-256 hashes only; tokens we present to the CP (and ours still to be delivered) are AES-GCM encrypted
/// (<see cref="Oscp.Registration.TokenProtector"/>). Never a token in clear.
/// </summary>
public sealed class PeerRegistrationState
{
    /// <summary>Version of this shape; bump it and migrate in <see cref="PeerRegistrationGrain"/> when it changes.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>Shape version of the stored data.</summary>
    public int SchemaVersion { get; set; } = CurrentSchemaVersion;

    /// <summary>Where the registration stands.</summary>
    public RegistrationState State { get; set; } = RegistrationState.None;

    /// <summary>Since when it has been in <see cref="State"/>.</summary>
    public DateTimeOffset? StateSince { get; set; }

    /// <summary>Who sent the first Register: <c>us</c> or <c>cp</c>.</summary>
    public string? InitiatedBy { get; set; }

    /// <summary>The last failure (never a token).</summary>
    public string? LastError { get; set; }

    /// <summary>When the tokens were last exchanged.</summary>
    public DateTimeOffset? TokensRotatedAt { get; set; }

    /// <summary>Hash of the token we issued to the CP (what it must present to us).</summary>
    public string? InboundTokenHash { get; set; }

    /// <summary>Hash of the token the CP used before its rotation; valid until our reply to the rotation is delivered.</summary>
    public string? PreviousInboundTokenHash { get; set; }

    /// <summary>The CP's token for our calls, encrypted.</summary>
    public string? OutboundTokenProtected { get; set; }

    /// <summary>The CP's OSCP 2.0 base URL.</summary>
    public string? CpBaseUrl { get; set; }

    /// <summary>True while we wait for the CP's reply to our initiating Register.</summary>
    public bool AwaitingReply { get; set; }

    /// <summary>A Register of ours still to be sent: POST (initiation or reply) or PUT (reply to a rotation); null when none.</summary>
    public string? SendMethod { get; set; }

    /// <summary>True when what is to be sent initiates (with the bootstrap token), false for a reply (with the CP's token).</summary>
    public bool SendInitiates { get; set; }

    /// <summary>The token our Register to be sent carries, encrypted.</summary>
    public string? SendTokenProtected { get; set; }

    /// <summary>Failed attempts at sending it (drives the back-off).</summary>
    public int SendAttempts { get; set; }

    /// <summary>When the next attempt is due.</summary>
    public DateTimeOffset? NextSendAt { get; set; }

    /// <summary>Moves to <paramref name="state"/>, stamping <see cref="StateSince"/> on a change.</summary>
    public void MoveTo(RegistrationState state, DateTimeOffset now)
    {
        if (State == state) return;
        State = state;
        StateSince = now;
    }

    /// <summary>Nothing more to send.</summary>
    public void SendDone()
    {
        SendMethod = null;
        SendTokenProtected = null;
        SendInitiates = false;
        SendAttempts = 0;
        NextSendAt = null;
    }

    /// <summary>A send failed transiently: retry after the product's back-off.</summary>
    public void SendFailed(DateTimeOffset now, string error, double jitter)
    {
        SendAttempts++;
        NextSendAt = now + Backoff.Handshake.Delay(SendAttempts, jitter);
        LastError = $"{now:O} {error}";
    }

    /// <summary>Forgets every token and the CP's URL: nothing we issued works any more and we call nobody.</summary>
    public void ForgetTokens()
    {
        InboundTokenHash = null;
        PreviousInboundTokenHash = null;
        OutboundTokenProtected = null;
        CpBaseUrl = null;
        AwaitingReply = false;
        SendDone();
    }
}
