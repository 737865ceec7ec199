using System.Globalization;

namespace OscpFleet.Oscp.Validation;

/// <summary>Orders paths like <c>forecasted_blocks[10].unit</c> after <c>forecasted_blocks[9].unit</c>; <c>body</c> comes first.</summary>
internal sealed class PathComparer : IComparer<string>
{
    public static PathComparer Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        if (x == JsonLocation.Body || y == JsonLocation.Body)
        {
            return x == JsonLocation.Body ? (y == JsonLocation.Body ? 0 : -1) : 1;
        }

        var left = Tokens(x);
        var right = Tokens(y);
        for (var i = 0; i < Math.Min(left.Count, right.Count); i++)
        {
            var (l, r) = (left[i], right[i]);
            var order = l.Index is { } li && r.Index is { } ri
                ? li.CompareTo(ri)
                : string.CompareOrdinal(l.Text, r.Text);
            if (order != 0)
            {
                return order;
            }
        }

        return left.Count.CompareTo(right.Count);
    }

    private static List<(string Text, long? Index)> Tokens(string path)
    {
        var tokens = new List<(string, long?)>();
        foreach (var part in path.Split('.', '[', ']'))
        {
            if (part.Length > 0)
            {
                tokens.Add((part, long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null));
            }
        }

        return tokens;
    }
}
