namespace OscpFleet.Cli;

/// <summary>
/// Where the gateway is and how to log in: each from its option, else from its environment variable. The secret is never
/// printed, not even in <c>--help</c> (the options have no default values for that reason).
/// </summary>
/// <param name="BaseUrl">The gateway's root (its operator port when the routes are split).</param>
/// <param name="ClientId">An operator client (<c>Oscp:Clients:&lt;id&gt;</c> with the <c>operator</c> scope).</param>
/// <param name="ClientSecret">Its secret.</param>
public sealed record GatewaySettings(Uri BaseUrl, string ClientId, string ClientSecret)
{
    /// <summary>The environment variable of the gateway URL.</summary>
    public const string UrlVariable = "OSCPFLEET_URL";

    /// <summary>The environment variable of the client id.</summary>
    public const string ClientIdVariable = "OSCPFLEET_CLIENT_ID";

    /// <summary>The environment variable of the client secret.</summary>
    public const string ClientSecretVariable = "OSCPFLEET_CLIENT_SECRET";

    /// <summary>Resolves the settings, or fails with <see cref="ExitCodes.Usage"/> naming every missing or malformed one.</summary>
    public static GatewaySettings Resolve(string? url, string? clientId, string? clientSecret, Func<string, string?> environment)
    {
        url = Pick(url, environment(UrlVariable));
        clientId = Pick(clientId, environment(ClientIdVariable));
        clientSecret = Pick(clientSecret, environment(ClientSecretVariable));
        var problems = new List<string>();
        Uri? baseUrl = null;
        if (url is null) problems.Add($"the gateway URL is missing: pass --url or set {UrlVariable}");
        else if (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(baseUrl.Query))
            problems.Add($"--url: '{url}' is not an http or https URL without a query");
        if (clientId is null) problems.Add($"the client id is missing: pass --client-id or set {ClientIdVariable}");
        if (clientSecret is null) problems.Add($"the client secret is missing: pass --client-secret or set {ClientSecretVariable}");
        if (problems.Count > 0) throw new CliFailure(ExitCodes.Usage, string.Join(Environment.NewLine, problems));
        // A base URL with a path (a gateway behind a path prefix) keeps it: relative paths are appended to it.
        var root = baseUrl!.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        return new GatewaySettings(root, clientId!, clientSecret!);
    }

    private static string? Pick(string? option, string? variable) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim() : !string.IsNullOrWhiteSpace(variable) ? variable.Trim() : null;

    /// <summary>
    /// True for plain http to another machine: the secret and the token would cross the network in clear (loopback is a
    /// developer's own machine, as with run.sh). The CLI warns on stderr and goes on: a test rig may have no TLS.
    /// </summary>
    public bool SendsSecretsInClear => BaseUrl.Scheme == Uri.UriSchemeHttp && !BaseUrl.IsLoopback;

    /// <summary>Never shows the secret (records print every property by default).</summary>
    public override string ToString() => $"{BaseUrl} as {ClientId}";
}
