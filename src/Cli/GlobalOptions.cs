using System.CommandLine;
using OscpFleet.Cli.Output;

namespace OscpFleet.Cli;

/// <summary>The options every command takes (recursive: they may come before or after the command's name).</summary>
public sealed class GlobalOptions
{
    /// <summary><c>--url</c>: the gateway.</summary>
    public Option<string> Url { get; } = new("--url")
    {
        Description = $"The gateway's base URL, e.g. http://127.0.0.1:5080 (its operator port when the routes are split). Default: ${GatewaySettings.UrlVariable}.",
        Recursive = true,
    };

    /// <summary><c>--client-id</c>.</summary>
    public Option<string> ClientId { get; } = new("--client-id")
    {
        Description = $"An operator client (scope 'operator'). Default: ${GatewaySettings.ClientIdVariable}.",
        Recursive = true,
    };

    /// <summary><c>--client-secret</c>: never printed; prefer the environment variable (a command line is visible to other users of the machine).</summary>
    public Option<string> ClientSecret { get; } = new("--client-secret")
    {
        Description = $"The client's secret; never printed. Prefer ${GatewaySettings.ClientSecretVariable}: a command line is visible to other users.",
        Recursive = true,
    };

    /// <summary><c>--output</c> / <c>-o</c>: table or json.</summary>
    public Option<string> Output { get; } = new("--output", "-o")
    {
        Description = "table (aligned columns, the default) or json (the API's JSON, indented).",
        Recursive = true,
        DefaultValueFactory = _ => "table",
    };

    /// <summary>Adds them to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Output.AcceptOnlyFromAmong("table", "json");
        root.Options.Add(Url);
        root.Options.Add(ClientId);
        root.Options.Add(ClientSecret);
        root.Options.Add(Output);
    }

    /// <summary>The output format parsed.</summary>
    public OutputFormat FormatOf(ParseResult parse) =>
        string.Equals(parse.GetValue(Output), "json", StringComparison.OrdinalIgnoreCase) ? OutputFormat.Json : OutputFormat.Table;

    /// <summary>The gateway settings: options first, then the environment.</summary>
    public GatewaySettings SettingsOf(ParseResult parse, Func<string, string?> environment) =>
        GatewaySettings.Resolve(parse.GetValue(Url), parse.GetValue(ClientId), parse.GetValue(ClientSecret), environment);
}
