namespace OscpFleet.Grains.Sites;

/// <summary>
/// Why a site is "at risk" in the registry (<see cref="SiteSummary.Risks"/>, the console's fleet overview): each is a
/// condition an operator should look at before it becomes a breach or a gap in what the DNO receives.
/// </summary>
public static class SiteRisks
{
    /// <summary>The newest limit version has not reached the CSMS and at least one delivery failed.</summary>
    public const string Undelivered = "undelivered";

    /// <summary>The newest version was not confirmed applied within the allowance (a compliance risk).</summary>
    public const string AppliedLate = "applied_late";

    /// <summary>A message in the outbox has failed three times or more and holds up the ones behind it.</summary>
    public const string OutboxStuck = "outbox_stuck";

    /// <summary>No meter reading for two report periods (or none ever): reports run on no data.</summary>
    public const string MeterStale = "meter_stale";

    /// <summary>A compliance error (a breach we detected, or one the CSMS reported) was queued for the CP in the last 24 hours.</summary>
    public const string ComplianceError = "compliance_error";

    /// <summary>Every value, in the order they are listed.</summary>
    public static readonly IReadOnlyList<string> All = [Undelivered, AppliedLate, OutboxStuck, MeterStale, ComplianceError];
}
