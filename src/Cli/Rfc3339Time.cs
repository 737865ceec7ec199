using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace OscpFleet.Cli;

/// <summary>Times on the command line: RFC 3339 with an offset (<c>2026-12-03T10:00:00Z</c>, <c>…+13:00</c>), sent as UTC.</summary>
public static partial class Rfc3339Time
{
    /// <summary>What a time must look like.</summary>
    public const string Requirement = "must be an RFC 3339 date-time with an offset, e.g. 2026-12-03T10:00:00Z";

    /// <summary>Parses <paramref name="text"/>; false when it is not RFC 3339 with an offset.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        return text is not null && Shape().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out value);
    }

    /// <summary>The UTC wire form: <c>yyyy-MM-ddTHH:mm:ss[.fffffff]Z</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString(value.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>A System.CommandLine parser for the option <paramref name="name"/> holding a time (a parse error, exit code 2, otherwise).</summary>
    public static Func<ArgumentResult, DateTimeOffset?> Parser(string name) => result =>
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (TryParse(token, out var value)) return value;
        result.AddError($"{name}: '{token}' {Requirement}");
        return null;
    };

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
