namespace OscpFleet.Oscp.Client;

/// <summary>
/// The outbound client's own, short resilience (set with <c>services.Configure&lt;OscpClientOptions&gt;</c>).
/// It only rides out a blip; longer back-off (the outbox, handshake retries) is the caller's job.
/// </summary>
public sealed class OscpClientOptions
{
    /// <summary>Default <see cref="AttemptTimeout"/>.</summary>
    public static readonly TimeSpan DefaultAttemptTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default <see cref="TotalTimeout"/>.</summary>
    public static readonly TimeSpan DefaultTotalTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Default <see cref="RetryDelay"/>.</summary>
    public static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Default <see cref="MaxRetryAttempts"/>.</summary>
    public const int DefaultMaxRetryAttempts = 2;

    /// <summary>Longest wait for one HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = DefaultAttemptTimeout;

    /// <summary>Longest wait for one send, retries and back-off included.</summary>
    public TimeSpan TotalTimeout { get; set; } = DefaultTotalTimeout;

    /// <summary>Quick retries after a transport error, timeout, 408, 429 or 5xx (0 = none).</summary>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>Base of the exponential, jittered back-off between quick retries (zero = retry at once).</summary>
    public TimeSpan RetryDelay { get; set; } = DefaultRetryDelay;

    /// <summary>Longest wait for the CP's OAuth token endpoint.</summary>
    public TimeSpan TokenRequestTimeout { get; set; } = DefaultAttemptTimeout;
}
