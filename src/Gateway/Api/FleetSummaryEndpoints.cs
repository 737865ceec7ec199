using Microsoft.Extensions.Options;
using OscpFleet.Gateway.Auth;
using OscpFleet.Grains.Peers;
using OscpFleet.Grains.Sites;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Api;

/// <summary>
/// <c>GET /api/v1/fleet/summary</c>: the fleet at a glance for the console's overview — each peer's connection, the sites
/// counted by state and per peer, and the sites at risk. Read from the site registry's shards (32 calls, never one per
/// site) and the peer grains.
/// </summary>
public static class FleetSummaryEndpoints
{
    /// <summary>At most this many sites at risk are listed (all are counted).</summary>
    public const int MaxAtRiskListed = 200;

    /// <summary>Maps the route (operator scope).</summary>
    public static IEndpointRouteBuilder MapFleetSummary(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/v1/fleet/summary", SummaryAsync)
            .RequireAuthorization(FleetPolicies.Operator)
            .WithTags("Fleet")
            .WithSummary("The fleet at a glance: peers, sites by state, sites at risk")
            .WithDescription("peers: each configured peer's connection state, since when, and the last heartbeat each way, with its number of sites. "
                + "sites: the total and the count per state (forecast, fallback, base_doe, emergency_stop, operator, disabled). "
                + $"atRisk: sites with a risk (undelivered, applied_late, outbox_stuck, meter_stale, compliance_error), ordered by group id, at most {MaxAtRiskListed}; "
                + "atRiskTotal counts them all.")
            .Produces<FleetSummary>();
        return endpoints;
    }

    private static async Task<IResult> SummaryAsync(IGrainFactory grains, IOptionsMonitor<OscpOptions> options)
    {
        var peerIds = options.CurrentValue.Peers.Keys.Order(StringComparer.Ordinal).ToList();
        var statuses = Task.WhenAll(peerIds.Select(id => grains.GetGrain<IPeerGrain>(id).GetStatusAsync()));
        var shards = await Task.WhenAll(SiteIndex.Shards.Select(s => grains.GetGrain<ISiteIndexGrain>(s).ListAsync(null, null)));
        var sites = shards.SelectMany(s => s).ToList();

        var byState = SiteStates.All.Order(StringComparer.Ordinal).ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var site in sites) byState[site.State] = byState.GetValueOrDefault(site.State) + 1;
        var perPeer = sites.GroupBy(s => s.PeerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var atRisk = sites.Where(s => s.Risks is not null).OrderBy(s => s.GroupId, StringComparer.Ordinal).ToList();

        var peers = (await statuses).Select(p => new FleetPeer(
            p.PeerId, p.Profile, p.State.ToString(), p.StateSince, p.LastHeartbeatReceivedAt, p.LastHeartbeatSentAt,
            p.LimitsLost, p.LastError, perPeer.GetValueOrDefault(p.PeerId))).ToList();
        return Results.Ok(new FleetSummary(
            peers,
            new FleetSites(sites.Count, byState),
            atRisk.Count,
            [.. atRisk.Take(MaxAtRiskListed).Select(s => new FleetSiteAtRisk(s.GroupId, s.PeerId, s.State, s.Risks!.Split(',')))]));
    }
}

/// <summary>The answer of <c>GET /api/v1/fleet/summary</c>.</summary>
/// <param name="Peers">Each configured peer, by id.</param>
/// <param name="Sites">The sites counted.</param>
/// <param name="AtRiskTotal">How many sites have a risk.</param>
/// <param name="AtRisk">The first <see cref="FleetSummaryEndpoints.MaxAtRiskListed"/> of them by group id.</param>
public sealed record FleetSummary(IReadOnlyList<FleetPeer> Peers, FleetSites Sites, int AtRiskTotal, IReadOnlyList<FleetSiteAtRisk> AtRisk);

/// <summary>One peer in the summary.</summary>
/// <param name="PeerId">The peer.</param>
/// <param name="Profile">vector or oscp.</param>
/// <param name="State">Offline, Handshaking or Online.</param>
/// <param name="StateSince">Since when.</param>
/// <param name="LastHeartbeatReceivedAt">The CP's last heartbeat.</param>
/// <param name="LastHeartbeatSentAt">Our last heartbeat the CP accepted.</param>
/// <param name="LimitsLost">Its sites hold their limits at or below the fallback.</param>
/// <param name="LastError">The last failure talking to the CP.</param>
/// <param name="Sites">How many sites it has (any state).</param>
public sealed record FleetPeer(
    string PeerId, string Profile, string State, DateTimeOffset? StateSince, DateTimeOffset? LastHeartbeatReceivedAt,
    DateTimeOffset? LastHeartbeatSentAt, bool LimitsLost, string? LastError, int Sites);

/// <summary>The sites counted.</summary>
/// <param name="Total">Every site in the registry.</param>
/// <param name="ByState">The count per state, every state present.</param>
public sealed record FleetSites(int Total, IReadOnlyDictionary<string, int> ByState);

/// <summary>A site at risk.</summary>
/// <param name="GroupId">The site.</param>
/// <param name="PeerId">Its peer.</param>
/// <param name="State">Its state.</param>
/// <param name="Risks">Its risks: undelivered, applied_late, outbox_stuck, meter_stale, compliance_error.</param>
public sealed record FleetSiteAtRisk(string GroupId, string PeerId, string State, IReadOnlyList<string> Risks);
