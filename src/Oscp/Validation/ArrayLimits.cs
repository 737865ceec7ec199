using System.Globalization;
using System.Text.Json;

namespace OscpFleet.Oscp.Validation;

/// <summary>
/// Refuses an OSCP body holding an array longer than <see cref="OscpValidator.MaxArrayItems"/> before any per-item
/// check: the work a body costs is bounded by what we would accept (a week of 5-minute blocks), not by how many items
/// fit in the body limit. Counting an array's items is O(1) on a <see cref="JsonDocument"/>; an over-long array is
/// not walked into.
/// </summary>
internal static class ArrayLimits
{
    public static void Check(JsonElement element, string path, ProblemList problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (member.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Check(member.Value, JsonLocation.Property(path, member.Name), problems);
                    }
                }

                break;

            case JsonValueKind.Array:
                var count = element.GetArrayLength();
                if (count > OscpValidator.MaxArrayItems)
                {
                    problems.Add(path, string.Create(CultureInfo.InvariantCulture, $"must hold at most {OscpValidator.MaxArrayItems} items ({count} given)"));
                    return;
                }

                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        Check(item, JsonLocation.Index(path, i), problems);
                    }

                    i++;
                }

                break;
        }
    }
}
