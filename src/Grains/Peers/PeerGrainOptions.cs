namespace OscpFleet.Grains.Peers;

/// <summary>
/// Timings of <see cref="PeerGrain"/> that tests need to shorten. Not a configuration key: production keeps the
/// defaults (registered by the silo with <c>AddOptions</c>); a test replaces them in its host's services.
/// </summary>
public sealed class PeerGrainOptions
{
    /// <summary>
    /// Period of the <c>peer-keepalive</c> reminder that brings the grain back (and re-arms its timer) after a silo
    /// restart or failover. One minute: reminders are meant to be rare (Orleans refuses periods under its
    /// <c>ReminderOptions.MinimumReminderPeriod</c>) and the one-second timer does the frequent work.
    /// </summary>
    public TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromMinutes(1);
}
