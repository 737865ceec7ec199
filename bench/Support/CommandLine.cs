using System.Globalization;

namespace OscpFleet.Bench;

/// <summary>
/// The command-line syntax every benchmark shares: <c>--name N</c> or <c>--name=N</c>, whole numbers with a minimum,
/// <c>-h</c>/<c>--help</c>. Each benchmark's own options record says which names it knows.
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// The options after <paramref name="args"/>, starting from <paramref name="options"/>; or null and the problem (null
    /// too for <c>--help</c>). <paramref name="option"/> gives, for a name and the options so far, its minimum and how it
    /// sets the value, or null for a name it does not know.
    /// </summary>
    public static (T? Options, string? Error) Parse<T>(IReadOnlyList<string> args, T options, Func<string, T, (int Minimum, Func<int, T> Set)?> option)
        where T : class
    {
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].Split('=', 2) is [var n, var v] ? (n, v) : (args[i], null);
            if (name is "-h" or "--help") return (null, null);
            if (option(name, options) is not { } known) return (null, $"{name}: unknown option");
            var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < known.Minimum)
                return (null, $"{name}: expects a whole number >= {known.Minimum}");
            options = known.Set(number);
        }
        return (options, null);
    }
}
