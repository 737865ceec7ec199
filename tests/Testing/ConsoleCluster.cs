namespace OscpFleet.Testing;

/// <summary>
/// The metering cluster for the console's browser tests: the browser signs in like an operator, so it needs the operator
/// client's id and secret.
/// </summary>
public class ConsoleCluster : MeteringCluster
{
    /// <summary>The operator client's id.</summary>
    public const string OperatorClientId = "ops_console";

    /// <summary>The operator client's secret (typed into the sign-in page).</summary>
    public string OperatorSecret => operatorSecret;
}
