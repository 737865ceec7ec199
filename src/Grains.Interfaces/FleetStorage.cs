namespace OscpFleet.Grains;

/// <summary>Names of the Orleans providers the grains use.</summary>
public static class FleetStorage
{
    /// <summary>The Azure Table grain storage every persisted grain state lives in.</summary>
    public const string Name = "fleet";
}
