namespace OscpFleet.Oscp.Limits;

/// <summary>How <see cref="LimitDocuments.Build"/> shapes the OCPP charging profiles.</summary>
public sealed record LimitDocumentOptions
{
    /// <summary>Default of <see cref="ChargingProfileIdBase"/>: the first station's id in the webhook body example of docs/endpoints.md, "Limit webhook".</summary>
    public const int DefaultChargingProfileIdBase = 9001;

    /// <summary>
    /// The first station's <c>chargingProfile.id</c>; station <i>i</i> of the configured list gets
    /// base + <i>i</i>. The same id in every version makes a station replace its own previous
    /// profile; choose a range the CSMS never uses for its own profiles. At least 1.
    /// </summary>
    public int ChargingProfileIdBase { get; init; } = DefaultChargingProfileIdBase;

    /// <summary>The profiles' <c>stackLevel</c> (0 by default), at least 0.</summary>
    public int StackLevel { get; init; }

    /// <summary>The defaults.</summary>
    public static LimitDocumentOptions Default { get; } = new();
}
