using OscpFleet.Testing;
using System.Net.Http.Headers;

namespace OscpFleet.Bench.Metering;

/// <summary>
/// bench/Support's <see cref="ManySitesCluster"/> set up for metering the way the harness's <c>MeteringCluster</c> is: the
/// CP is asked for heartbeats only hourly, so the product clock can jump a quarter hour at a time without the connection
/// timing out. Reports are not spread (<c>ReportSpreadSeconds</c> 0): every site closes its period at the boundary
/// itself, the worst case. Every site has <paramref name="chargers"/> chargers of <see cref="ChargerKw"/>, far below the
/// base DOE in total: no breach, no compliance error.
/// </summary>
internal sealed class MeteringBenchCluster(IReadOnlyList<string> groupIds, int chargers)
    : ManySitesCluster(groupIds, groupId => [.. Enumerable.Range(0, chargers).Select(c => (SamplePlan.Charger(groupId, c), ChargerKw))])
{
    /// <summary>Rated power of every charger, in kW.</summary>
    public const double ChargerKw = 50;

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings[$"Oscp:Peers:{PeerId}:HeartbeatIntervalSeconds"] = "3600";
            settings[$"Oscp:Peers:{PeerId}:ReportSpreadSeconds"] = "0";
            // The boundary benchmark moves the clock 1 s past the period's end with the chargers still drawing power:
            // no close grace and no wait for their next readings, so it measures the reporting path as before both existed.
            settings["Oscp:Metering:CloseGraceSeconds"] = "0";
            settings["Oscp:Metering:MaxReportDelayMinutes"] = "0";
            return settings;
        }
    }

    /// <summary>Adds the bearer token to a request.</summary>
    public static void Authorize(HttpRequestMessage request, string token) => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
}
