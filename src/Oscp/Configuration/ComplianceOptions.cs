namespace OscpFleet.Oscp.Configuration;

/// <summary>When a measured load counts as a breach (<c>Oscp:Compliance</c>).</summary>
public sealed class ComplianceOptions
{
    /// <summary>Load may exceed the limit by this share before it is a breach.</summary>
    public double TolerancePercent { get; set; } = 5;

    /// <summary>After a limit is lowered the site has this long to follow before a breach counts.</summary>
    public int ApplyAllowanceSeconds { get; set; } = 120;
}
