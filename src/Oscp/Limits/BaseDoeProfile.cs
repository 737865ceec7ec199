using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// A site's base DOE: the contractual default import limit by local time of day, in force
/// whenever no forecast covers an instant. Entries may come in any order; each holds from its
/// local time until the next entry's, and the latest entry carries over midnight (so a profile
/// whose earliest entry is not 00:00 starts each day with the previous evening's value).
/// </summary>
/// <remarks>
/// Daylight saving: an entry takes effect when the wall clock first reads its time or later —
/// at the first instant after the gap when spring-forward skips its time, at the first occurrence
/// when fall-back repeats it (the repeat does not switch back). Entries whose times fall into the
/// same gap take effect together and the latest of them wins, so no interval is empty.
/// Immutable and persistable with System.Text.Json (<see cref="Entries"/>, <see cref="TimeZone"/>).
/// </remarks>
public sealed class BaseDoeProfile : IEquatable<BaseDoeProfile>
{
    // The next change lies within two days for any real zone; the margin only guards the loop.
    private const int SearchDays = 10;

    private readonly TimeZoneInfo _zone;
    private readonly (int Minute, double Kw)[] _byTime;
    private readonly bool _constant;

    /// <summary>Builds a profile; throws when <see cref="Validate"/> finds a problem.</summary>
    /// <param name="entries">The entries, as in the site body's <c>baseDoe</c>.</param>
    /// <param name="timeZone">The site's IANA time zone id, e.g. <c>Pacific/Auckland</c>.</param>
    /// <exception cref="ArgumentException">The entries or the time zone are invalid; the message lists every problem.</exception>
    [JsonConstructor]
    public BaseDoeProfile(ImmutableArray<BaseDoeEntry> entries, string timeZone)
    {
        var problems = BaseDoeRules.Validate(entries.IsDefault ? null : (IReadOnlyList<BaseDoeEntry?>)entries, timeZone);
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid base DOE: " + string.Join("; ", problems), nameof(entries));
        }

        Entries = entries;
        TimeZone = timeZone;
        BaseDoeRules.TryFindZone(timeZone, out _zone);
        _byTime = [.. entries.Select(e => (BaseDoeRules.MinuteOfDay(e.From)!.Value, e.Kw)).OrderBy(e => e.Item1)];
        _constant = _byTime.All(e => e.Kw.Equals(_byTime[0].Kw));
    }

    /// <summary>The entries as given.</summary>
    public ImmutableArray<BaseDoeEntry> Entries { get; }

    /// <summary>The IANA time zone id the entries' times are read in.</summary>
    public string TimeZone { get; }

    /// <summary>
    /// Every problem with a site body's <c>baseDoe</c> and <c>timeZone</c>, as <c>path: reason</c>
    /// (<c>baseDoe[1].from: must be HH:mm</c>, <c>timeZone: unknown time zone 'X' …</c>); empty when valid.
    /// </summary>
    public static IReadOnlyList<string> Validate(IReadOnlyList<BaseDoeEntry?>? entries, string? timeZone) =>
        BaseDoeRules.Validate(entries, timeZone);

    /// <summary>
    /// The base DOE at <paramref name="instant"/> and the instant of its next change (exclusive
    /// end of the value; always later than <paramref name="instant"/>;
    /// <see cref="DateTimeOffset.MaxValue"/> when every entry has the same value). Boundaries where
    /// the value stays the same are skipped. Fits <c>LimitSchedule.Build</c>'s <c>baseDoe</c> argument.
    /// </summary>
    public (double Kw, DateTimeOffset ValidUntil) At(DateTimeOffset instant)
    {
        if (_constant)
        {
            return (_byTime[0].Kw, DateTimeOffset.MaxValue);
        }

        // The value in force was set on the instant's local day or the day before (the latest entry
        // carries over midnight); later boundaries are scanned until the value changes.
        var day = WallClock.LocalAt(_zone, instant).Date;
        double? current = null;
        foreach (var (at, kw) in Boundaries(day.AddDays(-1)))
        {
            if (at <= instant)
            {
                current = kw;
            }
            else if (current is not { } value)
            {
                throw new InvalidOperationException($"No base DOE entry took effect before {instant:O}.");
            }
            else if (!kw.Equals(value))
            {
                return (value, at);
            }
        }

        throw new InvalidOperationException($"The base DOE found no change within {SearchDays} days after {instant:O}.");
    }

    /// <summary>Value equality over the entries (in order) and the time zone id.</summary>
    public bool Equals(BaseDoeProfile? other) =>
        other is not null && string.Equals(TimeZone, other.TimeZone, StringComparison.Ordinal) && Entries.SequenceEqual(other.Entries);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BaseDoeProfile);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(TimeZone, StringComparer.Ordinal);
        foreach (var entry in Entries)
        {
            hash.Add(entry);
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// The instants (UTC, non-decreasing) at which entries take effect, day by day from
    /// <paramref name="firstDay"/>. Entries landing on the same instant (a skipped hour) are
    /// reported once, with the value of the latest of them.
    /// </summary>
    private IEnumerable<(DateTimeOffset At, double Kw)> Boundaries(DateTime firstDay)
    {
        (DateTimeOffset At, double Kw)? pending = null;
        for (var d = 0; d <= SearchDays; d++)
        {
            foreach (var (minute, kw) in _byTime)
            {
                var at = WallClock.FirstReaching(_zone, firstDay.AddDays(d).AddMinutes(minute));
                if (pending is { } earlier && earlier.At != at)
                {
                    yield return earlier;
                }

                pending = (at, kw);
            }
        }

        if (pending is { } last)
        {
            yield return last;
        }
    }
}
