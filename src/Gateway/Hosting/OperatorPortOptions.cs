namespace OscpFleet.Gateway.Hosting;

/// <summary>
/// The <c>Gateway</c> section. With <see cref="OperatorPort"/> set, the gateway listens on a second port for the operator
/// and CSMS API, <c>/oauth/token</c>, <c>/metrics</c>, OpenAPI and the console, and its main port serves only the OSCP
/// endpoints: the two can then be exposed by different Services and network policies. Unset: one port serves all.
/// </summary>
public sealed class OperatorPortOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Gateway";

    /// <summary>The operator port; unset keeps everything on the main port.</summary>
    public int? OperatorPort { get; set; }

    /// <summary>Every problem, naming the key.</summary>
    public IReadOnlyList<string> Validate() =>
        OperatorPort is < 1 or > 65535 ? ["Gateway:OperatorPort: must be a TCP port (1-65535)"] : [];
}
