using System.Globalization;
using System.Text;

namespace OscpFleet.Integration.Doe;

/// <summary>Hand-written forecast bodies, for the cases the simulator (which validates what it sends) cannot produce.</summary>
internal static class Forecasts
{
    public static string Body(string groupId, DateTimeOffset start, params double[] capacities) => Body(groupId, "CONSUMPTION", start, capacities);

    public static string Body(string groupId, string type, DateTimeOffset start, params double[] capacities)
    {
        var blocks = new StringBuilder();
        for (var i = 0; i < capacities.Length; i++)
        {
            if (i > 0) blocks.Append(',');
            blocks.Append(CultureInfo.InvariantCulture, $$"""{"capacity":{{capacities[i]}},"phase":"ALL","unit":"KW","start_time":"{{Time(start.AddMinutes(15 * i))}}","end_time":"{{Time(start.AddMinutes(15 * (i + 1)))}}"}""");
        }
        return $$"""{"group_id":"{{groupId}}","type":"{{type}}","forecasted_blocks":[{{blocks}}]}""";
    }

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
