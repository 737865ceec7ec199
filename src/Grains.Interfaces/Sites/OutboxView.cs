namespace OscpFleet.Grains.Sites;

/// <summary>A site's outbox as the operator reads it (<c>GET /api/v1/sites/{groupId}/outbox</c>).</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.OutboxView")]
public sealed record OutboxView
{
    /// <summary>The group id.</summary>
    [Id(0)] public required string GroupId { get; init; }

    /// <summary>Whether the site's peer connection is Online, as the site last heard (nothing is sent otherwise).</summary>
    [Id(1)] public bool PeerOnline { get; init; }

    /// <summary>Messages waiting, oldest (next to go) first.</summary>
    [Id(2)] public IReadOnlyList<OutboxItemView> Queued { get; init; } = [];

    /// <summary>The most recent messages the CP refused (a 4xx other than "not connected"), newest last.</summary>
    [Id(3)] public IReadOnlyList<OutboxItemView> Rejected { get; init; } = [];

    /// <summary>Messages the CP accepted since the site was created.</summary>
    [Id(4)] public long Sent { get; init; }

    /// <summary>Reports dropped because the outbox was full (oldest first), since the site was created.</summary>
    [Id(5)] public long Dropped { get; init; }

    /// <summary>End of the last measurement period closed (its report queued or sent).</summary>
    [Id(6)] public DateTimeOffset? LastPeriodEnd { get; init; }

    /// <summary>Start of the measurement period being collected now.</summary>
    [Id(7)] public DateTimeOffset? OpenPeriodStart { get; init; }
}

/// <summary>One outbox message.</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.OutboxItemView")]
public sealed record OutboxItemView
{
    /// <summary>Outbox id, increasing per site.</summary>
    [Id(0)] public long Id { get; init; }

    /// <summary>The OSCP message: update_asset_measurements, update_group_measurements, adjust_group_capacity_forecast or group_capacity_compliance_error.</summary>
    [Id(1)] public required string Message { get; init; }

    /// <summary>When it was queued.</summary>
    [Id(2)] public DateTimeOffset CreatedAt { get; init; }

    /// <summary>For a report: the measurement period's start.</summary>
    [Id(3)] public DateTimeOffset? PeriodStart { get; init; }

    /// <summary>For a compliance error: the X-Correlation-ID it carries.</summary>
    [Id(4)] public string? CorrelationId { get; init; }

    /// <summary>Failed attempts so far.</summary>
    [Id(5)] public int Attempts { get; init; }

    /// <summary>When the next attempt is due (null: as soon as the connection allows).</summary>
    [Id(6)] public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The last failure (status and reason), or for a rejected message the CP's answer and body.</summary>
    [Id(7)] public string? LastError { get; init; }
}
