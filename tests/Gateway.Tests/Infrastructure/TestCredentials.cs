using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Gateway.Tests;

/// <summary>The clients, peers and secrets every test host is configured with.</summary>
internal static class TestCredentials
{
    public const string Issuer = "https://fleet.test";
    public const string Audience = "oscpfleet";
    public const int LifetimeSeconds = 600;

    public const string VectorPeer = "vector_test";
    public const string VectorClientId = "vector";
    public const string VectorSecret = "vector-current-secret-0123456789abcdefghij";
    public const string VectorPreviousSecret = "vector-previous-secret-0123456789abcdefghij";

    public const string OscpPeer = "plain_cp";
    public const string OscpPeerToken = "plain-cp-inbound-token-0123456789abcdefghij";

    public const string OperatorClient = "ops_console";
    // Characters that HTTP Basic must carry URL-encoded (RFC 6749 §2.3.1): ':' '+' '/' '=' '&' and a space.
    public const string OperatorSecret = "op:secret+with/special=chars&a space-0123456789";

    public const string CsmsClient = "csms";
    public const string CsmsSecret = "csms-secret-0123456789abcdefghijklmnop";

    public const string ToolsClient = "tools";
    public const string ToolsSecret = "tools-secret-0123456789abcdefghijklmnop";

    /// <summary>Every secret and inbound token above, for checking that none leaks.</summary>
    public static readonly string[] AllSecrets = [VectorSecret, VectorPreviousSecret, OscpPeerToken, OperatorSecret, CsmsSecret, ToolsSecret];

    public static string Hash(string secret) => SecretHash.Compute(secret);
}
