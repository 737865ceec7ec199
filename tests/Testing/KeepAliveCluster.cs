using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using OscpFleet.Grains.Peers;

namespace OscpFleet.Testing;

/// <summary>
/// The plain OSCP peer (its CP asking heartbeats) on two silos whose peer grains keep alive every
/// <see cref="KeepAlivePeriod"/> instead of every minute, so a failover test sees the reminder at work within seconds.
/// The second silo starts once the connection is up, so the peer grain lives on the first.
/// </summary>
public class KeepAliveCluster : OscpPeerAskingHeartbeatsCluster
{
    /// <summary>The keep-alive reminder's period in this cluster.</summary>
    public static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(2);

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await StartSiloAsync();
    }

    /// <inheritdoc />
    protected override void ConfigureSilo(WebApplicationBuilder builder)
    {
        builder.Services.Configure<PeerGrainOptions>(o => o.KeepAlivePeriod = KeepAlivePeriod);
        // Orleans refuses reminders more frequent than this (a minute by default).
        builder.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = KeepAlivePeriod);
    }
}
