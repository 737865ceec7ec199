using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Client;
using OscpFleet.Oscp.Json;
using OscpFleet.Oscp.Profiles;
using OscpFleet.Oscp.Wire;

namespace OscpFleet.Simulator.Cp;

/// <summary>
/// Every call the simulator makes to the FP goes through here: the product's own outbound client (so the
/// simulator authenticates, stamps request ids and classifies answers exactly as OscpFleet does), traced
/// per attempt and recorded as a <see cref="SentMessage"/>.
/// </summary>
internal sealed class CpOutbound(
    IServiceProvider services,
    CpSimulatorOptions options,
    CpScript script,
    CpConnection connection,
    CpRegistration registration,
    RecordLog<SentMessage> sent,
    EventSequence sequence,
    [FromKeyedServices(SimulatorClock.Key)] TimeProvider time,
    ILogger<CpOutbound> logger)
{
    /// <summary>The peer id the FP appears under in the client's logs and metrics.</summary>
    public const string FpPeerId = "simulated_fp";

    private readonly OscpPeerEndpoint _fp = new(FpPeerId, options.Profile, new Uri(options.FpBaseUrl!), Credentials(options))
    {
        DefaultPathPrefix = OscpPeerEndpoint.FlexibilityProviderPathPrefix,
        Headers = [.. options.FpHeaders.Select(h => KeyValuePair.Create(h.Name!, h.Value ?? string.Empty))],
    };

    // With Register: the FP's token and base URL from its Register; otherwise the configured ones.
    private OscpPeerEndpoint Fp => registration.Enabled ? registration.Endpoint(_fp.Headers) : _fp;

    // Vector: an OAuth token from the FP's token endpoint; plain OSCP: the one token the FP gave us.
    private static OscpCredentials Credentials(CpSimulatorOptions options) => options.Profile == PeerProfile.Oscp
        ? new StaticToken(options.OutboundToken ?? "-")
        : new OAuthClientCredentials(new Uri(options.FpTokenUrl!), options.FpClientId!, options.FpClientSecret!);

    /// <summary>Throws when the simulator is silent: a silent simulator sends nothing at all.</summary>
    public void EnsureNotSilent()
    {
        if (script.Silent)
            throw new InvalidOperationException("The simulator is silent: it sends nothing until silence is lifted.");
    }

    /// <summary>
    /// Sends one message to the FP and records what came of it. <paramref name="settle"/> applies the outcome to the
    /// simulator's state before the record appears, so whoever waits for the record sees the state that follows.
    /// </summary>
    public async Task<SentMessage> SendAsync<T>(
        T message,
        string? groupId = null,
        string? correlationId = null,
        DateTimeOffset? replyToAnsweredAt = null,
        Action<SentMessage>? settle = null,
        CancellationToken cancellationToken = default)
        where T : class
    {
        EnsureNotSilent();
        var kind = OscpMessageKinds.Of<T>();
        // A handshake's attempt ids must be known before the FP can acknowledge one of them.
        var trace = new SendTrace(kind == OscpMessageKind.Handshake ? connection.HandshakeAttempt : null);
        var startSequence = sequence.Next();
        var startedAt = time.GetUtcNow();
        var client = services.GetRequiredService<OscpClient>();
        SendTrace.Current = trace;
        OscpSendResult result;
        try
        {
            result = await client.SendAsync(Fp, message, correlationId, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            SendTrace.Current = null;
        }

        var attempt = trace.Find(result.RequestId);
        var record = new SentMessage(
            attempt?.Sequence ?? startSequence, kind, groupId, OscpJson.Serialize(message), message, correlationId,
            attempt?.SentAt ?? startedAt, result.Outcome, result.StatusCode, result.RequestId, result.ResponseBody, result.Error,
            trace.Attempts.Count, attempt?.AnsweredAt, attempt?.AnsweredSequence, replyToAnsweredAt);
        settle?.Invoke(record);
        sent.Add(record);
        if (!record.Delivered) CpSimulatorLog.NotDelivered(logger, kind, result.Outcome, result.StatusCode, result.Error);
        return record;
    }
}
