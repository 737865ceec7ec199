using System.Text.Json.Serialization;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>A constant power value over the half-open interval [<see cref="Start"/>, <see cref="End"/>).</summary>
/// <remarks>
/// A value, not an object: a timeline is one array of these with no object per block (32 bytes a block instead of 64
/// plus a reference). The instants are held as UTC ticks, so <see cref="Start"/> and <see cref="End"/> always come back
/// with offset zero; equality compares the instants, as <see cref="DateTimeOffset"/> equality does. The JSON shape
/// (Start, End, Kw, RequestId) is the one the former class had, so stored state reads the same.
/// </remarks>
[JsonConverter(typeof(TimelineBlockJsonConverter))]
public readonly record struct TimelineBlock
{
    private readonly long startTicks;
    private readonly long endTicks;

    /// <summary>A block.</summary>
    /// <param name="Start">Inclusive start (UTC).</param>
    /// <param name="End">Exclusive end (UTC); consecutive blocks share this instant.</param>
    /// <param name="Kw">The value in kW, already normalised from the forecast's unit.</param>
    /// <param name="RequestId">
    /// The inbound <c>X-Request-ID</c> of the forecast this block came from, kept so that a later
    /// GroupCapacityComplianceError can correlate to it.
    /// </param>
    [JsonConstructor]
    public TimelineBlock(DateTimeOffset Start, DateTimeOffset End, double Kw, string? RequestId)
    {
        startTicks = Start.UtcTicks;
        endTicks = End.UtcTicks;
        this.Kw = Kw;
        this.RequestId = RequestId;
    }

    /// <summary>Inclusive start (UTC).</summary>
    public DateTimeOffset Start
    {
        get => new(startTicks, TimeSpan.Zero);
        init => startTicks = value.UtcTicks;
    }

    /// <summary>Exclusive end (UTC); consecutive blocks share this instant.</summary>
    public DateTimeOffset End
    {
        get => new(endTicks, TimeSpan.Zero);
        init => endTicks = value.UtcTicks;
    }

    /// <summary>The value in kW, already normalised from the forecast's unit.</summary>
    public double Kw { get; init; }

    /// <summary>The inbound <c>X-Request-ID</c> of the forecast this block came from.</summary>
    public string? RequestId { get; init; }

    /// <summary>True when <paramref name="t"/> lies in [Start, End).</summary>
    public bool Covers(DateTimeOffset t) => Start <= t && t < End;
}
