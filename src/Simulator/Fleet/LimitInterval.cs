namespace OscpFleet.Simulator.Fleet;

/// <summary>A limit of <paramref name="Watts"/> over [<paramref name="From"/>, <paramref name="To"/>); open-ended when <paramref name="To"/> is null.</summary>
internal sealed record LimitInterval(DateTimeOffset From, DateTimeOffset? To, double Watts)
{
    public bool Covers(DateTimeOffset instant) => From <= instant && (To is null || instant < To);
}
