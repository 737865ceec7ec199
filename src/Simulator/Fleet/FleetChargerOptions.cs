namespace OscpFleet.Simulator.Fleet;

/// <summary>One simulated charger (<c>Simulator:Fleet:Sites:&lt;n&gt;:Chargers:&lt;m&gt;</c>).</summary>
public sealed class FleetChargerOptions
{
    /// <summary>The charging station id (OCPP <c>chargingStationId</c>, the meter samples' <c>chargerId</c>).</summary>
    public string? Id { get; set; }

    /// <summary>Rated power in kW.</summary>
    public double RatedKw { get; set; }

    /// <summary>
    /// What the plugged-in car would draw unlimited, in kW; the rated power when unset, 0 for an idle charger.
    /// Constant, so every run is deterministic; the control API can change it.
    /// </summary>
    public double? DemandKw { get; set; }
}
