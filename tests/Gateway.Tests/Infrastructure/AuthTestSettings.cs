using static OscpFleet.Gateway.Tests.TestCredentials;

namespace OscpFleet.Gateway.Tests;

/// <summary>The <c>Oscp</c> configuration of one test host, as configuration keys.</summary>
internal sealed class AuthTestSettings
{
    public IReadOnlyList<TestSigningKey> SigningKeys { get; init; } = [TestSigningKey.Create("k1")];

    public string Issuer { get; init; } = TestCredentials.Issuer;

    public bool IncludeVectorPeer { get; init; } = true;

    public Dictionary<string, string?> ToConfiguration()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Oscp:Peers:plain_cp:Profile"] = "oscp",
            ["Oscp:Peers:plain_cp:BaseUrl"] = "http://127.0.0.1:9/plain",
            ["Oscp:Peers:plain_cp:Inbound:TokenHashes:0"] = Hash(OscpPeerToken),
            ["Oscp:Tokens:Issuer"] = Issuer,
            ["Oscp:Tokens:Audience"] = Audience,
            ["Oscp:Tokens:LifetimeSeconds"] = LifetimeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"Oscp:Clients:{OperatorClient}:SecretHashes:0"] = Hash(OperatorSecret),
            [$"Oscp:Clients:{OperatorClient}:Scopes:0"] = "operator",
            [$"Oscp:Clients:{CsmsClient}:SecretHashes:0"] = Hash(CsmsSecret),
            [$"Oscp:Clients:{CsmsClient}:Scopes:0"] = "csms",
            [$"Oscp:Clients:{CsmsClient}:Csms"] = "main",
            [$"Oscp:Clients:{ToolsClient}:SecretHashes:0"] = Hash(ToolsSecret),
            [$"Oscp:Clients:{ToolsClient}:Scopes:0"] = "operator",
            [$"Oscp:Clients:{ToolsClient}:Scopes:1"] = "csms",
        };
        if (IncludeVectorPeer)
        {
            settings["Oscp:Peers:vector_test:Profile"] = "vector";
            settings["Oscp:Peers:vector_test:BaseUrl"] = "http://127.0.0.1:9/vector";
            settings["Oscp:Peers:vector_test:Inbound:ClientId"] = VectorClientId;
            // Two hashes: the secret Vector uses now and the one it used before a rotation.
            settings["Oscp:Peers:vector_test:Inbound:ClientSecretHashes:0"] = Hash(VectorSecret);
            settings["Oscp:Peers:vector_test:Inbound:ClientSecretHashes:1"] = Hash(VectorPreviousSecret);
        }
        for (var i = 0; i < SigningKeys.Count; i++)
        {
            settings[$"Oscp:Tokens:SigningKeys:{i}:Kid"] = SigningKeys[i].Kid;
            settings[$"Oscp:Tokens:SigningKeys:{i}:PrivateKeyPem"] = SigningKeys[i].PrivateKeyPem;
        }
        return settings;
    }
}
