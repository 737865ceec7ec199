namespace OscpFleet.Oscp.Configuration;

/// <summary>The message journal (<c>Oscp:Journal</c>).</summary>
public sealed class JournalOptions
{
    /// <summary>Default of <see cref="RetentionDays"/>.</summary>
    public const int DefaultRetentionDays = 90;

    /// <summary>How long journal entries are kept, in days (1–3650).</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;
}
