namespace OscpFleet.Grains.Sites;

/// <summary>Bounds of a site's meter sample buffer, shared by the gateway (request limits) and the site grain.</summary>
public static class MeterLimits
{
    /// <summary>
    /// Most samples a site holds between two period closings (≈ 500 KB of its "meter" row; one Table entity holds
    /// ~960 KB). A request for one site may carry at most this many; a batch beyond what the buffer can take is refused
    /// (429) after the site closed whatever was due.
    /// </summary>
    public const int MaxPendingSamples = 5000;
}
