using OscpFleet.Oscp.Wire;

namespace OscpFleet.Oscp.Forecasting;

/// <summary>Questions about a received forecast as a whole.</summary>
public static class ForecastProfile
{
    /// <summary>
    /// True when there is at least one block and every block's capacity is 0. Vector sends such a
    /// profile during network problems to mean "stop charging until normal profiles return", which
    /// the site reports as a distinct state (sites at zero).
    /// </summary>
    public static bool IsAllZero(IEnumerable<ForecastedBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        var any = false;
        foreach (var block in blocks)
        {
            if (block.Capacity != 0)
            {
                return false;
            }

            any = true;
        }

        return any;
    }
}
