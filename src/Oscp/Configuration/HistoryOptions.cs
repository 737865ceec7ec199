namespace OscpFleet.Oscp.Configuration;

/// <summary>The per-period site history (<c>Oscp:History</c>).</summary>
public sealed class HistoryOptions
{
    /// <summary>Default of <see cref="RetentionDays"/>.</summary>
    public const int DefaultRetentionDays = 400;

    /// <summary>How long report periods and limit versions are kept, in days (1–3650).</summary>
    public int RetentionDays { get; set; } = DefaultRetentionDays;
}
