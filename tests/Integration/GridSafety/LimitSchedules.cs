using System.Text.Json;
using OscpFleet.Simulator.Fleet;

namespace OscpFleet.Integration.GridSafety;

/// <summary>Reads the schedule out of a limit document (a webhook body or the limits API's answer).</summary>
internal static class LimitSchedules
{
    public sealed record Entry(DateTimeOffset From, DateTimeOffset To, double Kw, string Source);

    public static IReadOnlyList<Entry> Of(ReceivedWebhook webhook) => Of(webhook.Body);

    public static IReadOnlyList<Entry> Of(string document)
    {
        using var body = JsonDocument.Parse(document);
        return [.. body.RootElement.GetProperty("schedule").EnumerateArray().Select(e => new Entry(
            e.GetProperty("from").GetDateTimeOffset(), e.GetProperty("to").GetDateTimeOffset(), e.GetProperty("kw").GetDouble(), e.GetProperty("source").GetString()!))];
    }

    /// <summary>The entry covering <paramref name="t"/>.</summary>
    public static Entry At(this IReadOnlyList<Entry> schedule, DateTimeOffset t) =>
        schedule.Single(e => e.From <= t && t < e.To);

    /// <summary>The highest kW the schedule gives anywhere in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public static double MaxKw(this IReadOnlyList<Entry> schedule, DateTimeOffset from, DateTimeOffset to) =>
        schedule.Where(e => e.From < to && from < e.To).Select(e => e.Kw).DefaultIfEmpty(0).Max();
}
