using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OscpFleet.Cli.Output;

/// <summary>Plain-text tables: a header row, a dashed rule, then left-aligned columns two spaces apart.</summary>
public static class TextTable
{
    /// <summary>Writes <paramref name="rows"/> under <paramref name="headers"/>; an empty table prints <c>(none)</c> under them.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(headers);
        var all = rows.ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, all.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        output.WriteLine(Line(headers, widths));
        output.WriteLine(Line(widths.Select(w => new string('-', w)).ToList(), widths));
        if (all.Count == 0) output.WriteLine("(none)");
        foreach (var row in all) output.WriteLine(Line(row, widths));
    }

    /// <summary>One row per property of <paramref name="rows"/>' objects named in <paramref name="columns"/> (a dotted name reads a nested one).</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> columns, JsonElement rows) =>
        Write(output, columns, rows.ValueKind == JsonValueKind.Array
            ? rows.EnumerateArray().Select(r => (IReadOnlyList<string>)[.. columns.Select(c => Cell(r, c))])
            : []);

    /// <summary>Two columns, field and value: every scalar of <paramref name="value"/>, nested objects flattened with dotted names, arrays as compact JSON.</summary>
    public static void WriteFields(TextWriter output, JsonElement value)
    {
        var rows = new List<IReadOnlyList<string>>();
        Flatten(value, "", rows);
        Write(output, ["field", "value"], rows);
    }

    /// <summary>The text of <paramref name="column"/> in <paramref name="row"/>: empty for null or missing, invariant numbers, UTC times as sent.</summary>
    public static string Cell(JsonElement row, string column)
    {
        var value = row;
        foreach (var part in column.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(part, out value)) return "";
        }
        return Scalar(value);
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => Clean(value.GetString()!),
        JsonValueKind.Number => value.TryGetDouble(out var d) ? d.ToString("0.###", CultureInfo.InvariantCulture) : value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => Clean(value.GetRawText()),
    };

    private static void Flatten(JsonElement value, string prefix, List<IReadOnlyList<string>> rows)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
                Flatten(property.Value, prefix.Length == 0 ? property.Name : $"{prefix}.{property.Name}", rows);
        }
        else
        {
            rows.Add([prefix, Scalar(value)]);
        }
    }

    // A value printed in a table cell stays on one line: control characters (a newline in an error text) become spaces.
    private static string Clean(string text)
    {
        if (!text.Any(char.IsControl)) return text;
        var builder = new StringBuilder(text.Length);
        foreach (var c in text) builder.Append(char.IsControl(c) ? ' ' : c);
        return builder.ToString();
    }

    private static string Line(IReadOnlyList<string> cells, int[] widths)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : "";
            builder.Append(i == widths.Length - 1 ? cell : cell.PadRight(widths[i] + 2));
        }
        return builder.ToString().TrimEnd();
    }
}
