namespace OscpFleet.Grains.Sites;

/// <summary>A site as the operator reads it (<c>GET /api/v1/sites/{groupId}</c>).</summary>
[GenerateSerializer, Immutable, Alias("OscpFleet.SiteView")]
public sealed record SiteView
{
    /// <summary>The group id.</summary>
    [Id(0)] public required string GroupId { get; init; }

    /// <summary>The onboarding data.</summary>
    [Id(1)] public required SiteDefinition Definition { get; init; }

    /// <summary>True once disabled: unknown to its CP, no reports.</summary>
    [Id(2)] public bool Disabled { get; init; }

    /// <summary>The source of the limit in force now (forecast, fallback, base_doe, emergency_stop, operator), or disabled.</summary>
    [Id(3)] public required string State { get; init; }

    /// <summary>Whether the site's peer connection is Online, as the site last heard.</summary>
    [Id(4)] public bool PeerOnline { get; init; }

    /// <summary>The newest limit version.</summary>
    [Id(5)] public long Version { get; init; }

    /// <summary>When it was issued.</summary>
    [Id(6)] public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>The newest version the CSMS webhook accepted.</summary>
    [Id(7)] public long DeliveredVersion { get; init; }

    /// <summary>The newest version the CSMS confirmed applied, and when.</summary>
    [Id(8)] public long AppliedVersion { get; init; }

    /// <summary>When the CSMS confirmed <see cref="AppliedVersion"/>.</summary>
    [Id(9)] public DateTimeOffset? AppliedAt { get; init; }

    /// <summary>True when the newest version was not applied within the allowance (2 minutes): a compliance risk.</summary>
    [Id(10)] public bool ComplianceRisk { get; init; }

    /// <summary>The last webhook failure, if the newest version is not delivered yet.</summary>
    [Id(11)] public string? DeliveryError { get; init; }

    /// <summary>Request id of the latest forecast received.</summary>
    [Id(12)] public string? LatestForecastRequestId { get; init; }

    /// <summary>When the latest forecast was received.</summary>
    [Id(13)] public DateTimeOffset? LatestForecastAt { get; init; }

    /// <summary>The limit in force now, in kW.</summary>
    [Id(14)] public double? LimitKw { get; init; }

    /// <summary>Messages waiting in the outbox for the CP (details: <c>GET …/outbox</c>).</summary>
    [Id(15)] public int OutboxDepth { get; init; }

    /// <summary>End of the last measurement period closed (its report queued or sent).</summary>
    [Id(16)] public DateTimeOffset? LastPeriodEnd { get; init; }

    /// <summary>The connection counts as lost for limits: the site's limit is held at or below its fallback.</summary>
    [Id(17)] public bool ConnectionLost { get; init; }

    /// <summary>The newest meter reading the site holds; null when none ever came.</summary>
    [Id(18)] public DateTimeOffset? LastSampleAt { get; init; }

    /// <summary>No meter reading for two report periods (or none ever): the site's reports are running on no data.</summary>
    [Id(19)] public bool MeterFeedStale { get; init; }
}
