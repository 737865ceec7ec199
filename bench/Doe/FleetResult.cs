namespace OscpFleet.Bench.Doe;

/// <summary>What the OscpFleet run showed.</summary>
/// <param name="Burst">The forecasts as the CP saw them.</param>
/// <param name="WebhookLatency">Forecast request sent → its webhook accepted by the CSMS, per site that got one.</param>
/// <param name="WebhooksMissing">Sites whose forecast webhook never arrived within the timeout.</param>
/// <param name="EndToEnd">From the first forecast sent to the last webhook accepted.</param>
/// <param name="Startup">Azurite, silo, gateway, CP peer online and the CSMS simulator.</param>
/// <param name="Onboarding">Importing every site through the operator API until each one's first webhook was applied and confirmed.</param>
/// <param name="Cpu">Average cores busy per process during the burst and until its last webhook.</param>
/// <param name="TableWrites">Writes to Azure Table from the burst's start until storage was quiet again (follow-ups included).</param>
/// <param name="StateWrites">Of those, the writes of the state path (all but the journal's and history's batch transactions).</param>
/// <param name="BytesPerSite">Heap after a full collection with every site active, less the deployment's before any site, per site.</param>
internal sealed record FleetResult(
    BurstResult Burst,
    Latency WebhookLatency,
    int WebhooksMissing,
    TimeSpan EndToEnd,
    TimeSpan Startup,
    TimeSpan Onboarding,
    CpuReport Cpu,
    long TableWrites,
    long StateWrites,
    double BytesPerSite)
{
    /// <summary>Table writes per forecast of the burst.</summary>
    public double WritesPerForecast => Burst.Count == 0 ? double.NaN : (double)TableWrites / Burst.Count;

    /// <summary>State-path Table writes per forecast of the burst.</summary>
    public double StateWritesPerForecast => Burst.Count == 0 ? double.NaN : (double)StateWrites / Burst.Count;

    /// <summary>Webhooks accepted per second, first forecast sent to last webhook.</summary>
    public double WebhooksPerSecond => EndToEnd > TimeSpan.Zero ? WebhookLatency.Count / EndToEnd.TotalSeconds : double.NaN;
}
