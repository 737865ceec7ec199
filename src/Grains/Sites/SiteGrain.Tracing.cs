using System.Diagnostics;

namespace OscpFleet.Grains.Sites;

/// <summary>The trace contexts of the newest versions, in memory only (see <see cref="LimitTracing"/>).</summary>
public sealed partial class SiteGrain
{
    private readonly Dictionary<long, ActivityContext> versionTraces = [];
}
