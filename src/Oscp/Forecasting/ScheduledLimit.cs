using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>One interval of a limit schedule: a constant limit over [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <remarks>
/// A value, not an object: a schedule is one array of these with no object per entry (40 bytes an entry instead of
/// 72 plus a reference). The instants are held as UTC ticks, so <see cref="Start"/> and <see cref="End"/> always come
/// back with offset zero; equality compares the instants, as <see cref="DateTimeOffset"/> equality does. The JSON
/// shape (Start, End, Kw, Source, RequestId) is the one the former class had, so stored state reads the same.
/// </remarks>
[JsonConverter(typeof(ScheduledLimitJsonConverter))]
public readonly record struct ScheduledLimit
{
    private readonly long startTicks;
    private readonly long endTicks;

    /// <summary>An interval.</summary>
    /// <param name="Start">Inclusive start.</param>
    /// <param name="End">Exclusive end.</param>
    /// <param name="Kw">The limit in kW.</param>
    /// <param name="Source">Which rule produced it.</param>
    /// <param name="RequestId">The forecast's <c>X-Request-ID</c>; null for the base DOE.</param>
    [JsonConstructor]
    public ScheduledLimit(DateTimeOffset Start, DateTimeOffset End, double Kw, LimitSource Source, string? RequestId)
    {
        startTicks = Start.UtcTicks;
        endTicks = End.UtcTicks;
        this.Kw = Kw;
        this.Source = Source;
        this.RequestId = RequestId;
    }

    /// <summary>Inclusive start (UTC).</summary>
    public DateTimeOffset Start
    {
        get => new(startTicks, TimeSpan.Zero);
        init => startTicks = value.UtcTicks;
    }

    /// <summary>Exclusive end (UTC).</summary>
    public DateTimeOffset End
    {
        get => new(endTicks, TimeSpan.Zero);
        init => endTicks = value.UtcTicks;
    }

    /// <summary>The limit in kW.</summary>
    public double Kw { get; init; }

    /// <summary>Which rule produced it.</summary>
    public LimitSource Source { get; init; }

    /// <summary>The forecast's <c>X-Request-ID</c>; null for the base DOE.</summary>
    public string? RequestId { get; init; }

    /// <summary>The limit this interval holds, as an <see cref="EffectiveLimit"/>.</summary>
    public EffectiveLimit Limit() => new(Kw, Source, RequestId);
}
