namespace OscpFleet.Grains.Sites;

/// <summary>The site's risks as the registry lists them: republished whenever they change, checked on every tick.</summary>
public sealed partial class SiteGrain
{
    /// <summary>Failed attempts after which a queued message counts as stuck.</summary>
    public const int StuckAfterAttempts = 3;

    /// <summary>How long a compliance error keeps the site at risk.</summary>
    public static readonly TimeSpan ComplianceErrorRiskWindow = TimeSpan.FromHours(24);

    private string? publishedRisks;

    private string? Risks()
    {
        if (State.Definition is null || State.Disabled) return null;
        var risks = new List<string>(SiteRisks.All.Count);
        if (Undelivered && State.DeliveryAttempts > 0) risks.Add(SiteRisks.Undelivered);
        if (State.ComplianceRisk) risks.Add(SiteRisks.AppliedLate);
        if (outboxRow.State.Queued.Exists(m => m.Attempts >= StuckAfterAttempts)) risks.Add(SiteRisks.OutboxStuck);
        if (MeterFeed().Stale) risks.Add(SiteRisks.MeterStale);
        if (outboxRow.State.LastComplianceErrorAt is { } at && Now - at < ComplianceErrorRiskWindow) risks.Add(SiteRisks.ComplianceError);
        return risks.Count == 0 ? null : string.Join(',', risks);
    }

    /// <summary>Tells the registry when the risks changed since the site last published itself.</summary>
    private Task PublishIfRisksChangedAsync() =>
        State.Definition is not null && Risks() != publishedRisks ? PublishAsync() : Task.CompletedTask;
}
