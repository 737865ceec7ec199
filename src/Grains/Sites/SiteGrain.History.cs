using Microsoft.Extensions.DependencyInjection;
using OscpFleet.Oscp.Compliance;
using OscpFleet.Oscp.Reporting;

namespace OscpFleet.Grains.Sites;

/// <summary>
/// The site's history: each accepted report with the limit range in force over its period, and each limit version
/// issued and applied, handed to <see cref="ISiteHistory"/> (buffered and written in the background: no storage write
/// on the grain's path). A host without one records nothing.
/// </summary>
public sealed partial class SiteGrain
{
    private ISiteHistory? history;
    private bool historyResolved;

    private ISiteHistory? History
    {
        get
        {
            if (!historyResolved)
            {
                history = ServiceProvider.GetService<ISiteHistory>();
                historyResolved = true;
            }

            return history;
        }
    }

    private void RecordReportAccepted(PeriodReport report)
    {
        if (History is not { } sink) return;
        var limits = PeriodLimits.Over(State.Versions, report.Start, report.End);
        sink.PeriodReported(new PeriodHistory(
            GroupId, report.Start, report.End, limits?.MinKw, limits?.MaxKw, report.EnergyWh / 1000, report.MaxLoadW / 1000, Now, report.Complete));
    }

    private void RecordVersionIssued(IssuedLimit issued, string reason) =>
        History?.VersionIssued(new VersionHistory(GroupId, issued.Version, issued.IssuedAt, reason, null));

    private void RecordVersionApplied(IssuedLimit applied) =>
        History?.VersionApplied(GroupId, applied.Version, applied.IssuedAt, Now);
}
