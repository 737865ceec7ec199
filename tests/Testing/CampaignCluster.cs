using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OscpFleet.Oscp.Configuration;

namespace OscpFleet.Testing;

/// <summary>
/// The deployment the hardening campaign attacks: the plain OSCP peer <c>plain_cp</c> online with the CP simulator
/// (so forecasts reach the reader behind the connection gate), a <c>vector</c> peer whose CP is unreachable, an
/// operator client and two CSMS clients, ES256 token signing, the CSMS endpoint <c>main</c>, and every log line of
/// every category captured (<see cref="Logs"/>) so they can be scanned for the secrets listed in <see cref="Secrets"/>.
/// </summary>
public class CampaignCluster : OscpPeerCluster
{
    /// <summary>The vector peer (configured, never connected: its CP is not running).</summary>
    public const string VectorPeerId = "vector_test";

    /// <summary>The operator client id.</summary>
    public const string OperatorClient = "ops_console";

    /// <summary>The CSMS clients' ids.</summary>
    public static readonly IReadOnlyList<string> CsmsClients = ["csms_main", "csms_other"];

    /// <summary>The vector CP's client id at our <c>/oauth/token</c>.</summary>
    public const string VectorInboundClient = "vector";

    /// <summary>The kid of our one signing key.</summary>
    public const string SigningKid = "campaign-key";

    /// <summary>Our token issuer and audience.</summary>
    public const string Issuer = "https://fleet.campaign.test", Audience = "oscpfleet";

    private readonly int vectorCpPort = FreePort.Next();

    /// <summary>The operator client's secret.</summary>
    public string OperatorSecret { get; } = Secret();

    /// <summary>The second CSMS endpoint's webhook secret.</summary>
    public string OtherWebhookSecret { get; } = Secret();

    /// <summary>The CSMS clients' secrets, in the order of <see cref="CsmsClients"/>.</summary>
    public IReadOnlyList<string> CsmsSecrets { get; } = [Secret(), Secret()];

    /// <summary>The secret the vector CP uses at our <c>/oauth/token</c>.</summary>
    public string VectorInboundSecret { get; } = Secret();

    /// <summary>Our client secret at the vector CP's token endpoint.</summary>
    public string VectorOutboundSecret { get; } = Secret();

    /// <summary>A static header value (an API key) we send the vector CP.</summary>
    public string VectorApiKey { get; } = Secret();

    /// <summary>The CSMS webhook's HMAC secret.</summary>
    public string WebhookSecret { get; } = Secret() + Secret();

    /// <summary>Our ES256 signing key (PKCS#8 PEM).</summary>
    public string SigningKeyPem { get; } = CreateSigningKey();

    /// <summary>Every line logged by the gateway and the silo (all categories, Information and above; the product's from Debug).</summary>
    public CapturedLogs Logs { get; } = new();

    /// <summary>
    /// Every configured secret value, named: client secrets, inbound and outbound CP tokens and secrets, the signing
    /// key's PEM body lines, the webhook secret and the storage account key. None may appear in a log or a response.
    /// </summary>
    public IReadOnlyDictionary<string, string> Secrets
    {
        get
        {
            var secrets = new Dictionary<string, string>
            {
                ["operator client secret"] = OperatorSecret,
                ["csms_main client secret"] = CsmsSecrets[0],
                ["csms_other client secret"] = CsmsSecrets[1],
                ["vector inbound client secret"] = VectorInboundSecret,
                ["vector outbound client secret"] = VectorOutboundSecret,
                ["vector api key header"] = VectorApiKey,
                ["plain_cp token we send"] = OurToken,
                ["plain_cp token it sends"] = CpToken,
                ["webhook secret"] = WebhookSecret,
                ["other webhook secret"] = OtherWebhookSecret,
                ["storage account key"] = StorageAccountKey(),
            };
            var lines = SigningKeyPem.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => !l.StartsWith("-----", StringComparison.Ordinal)).ToList();
            for (var i = 0; i < lines.Count; i++) secrets[$"signing key PEM line {i + 1}"] = lines[i];
            return secrets;
        }
    }

    /// <inheritdoc />
    protected override bool HasSites => true;

    /// <inheritdoc />
    protected override IDictionary<string, string?> Configuration
    {
        get
        {
            var settings = base.Configuration;
            settings["Csms:Endpoints:main:Secrets:0"] = WebhookSecret;
            // A second CSMS, so the second CSMS client has its own sites to be bound to (and none of main's).
            settings["Csms:Endpoints:other:Url"] = "http://127.0.0.1:9/limits";
            settings["Csms:Endpoints:other:Secrets:0"] = OtherWebhookSecret;
            settings[$"Oscp:Peers:{VectorPeerId}:Profile"] = "vector";
            settings[$"Oscp:Peers:{VectorPeerId}:BaseUrl"] = $"http://127.0.0.1:{vectorCpPort}";
            settings[$"Oscp:Peers:{VectorPeerId}:TokenUrl"] = $"http://127.0.0.1:{vectorCpPort}/token";
            settings[$"Oscp:Peers:{VectorPeerId}:ClientId"] = "fleet";
            settings[$"Oscp:Peers:{VectorPeerId}:ClientSecret"] = VectorOutboundSecret;
            settings[$"Oscp:Peers:{VectorPeerId}:Headers:0:Name"] = "apikey";
            settings[$"Oscp:Peers:{VectorPeerId}:Headers:0:Value"] = VectorApiKey;
            settings[$"Oscp:Peers:{VectorPeerId}:Inbound:ClientId"] = VectorInboundClient;
            settings[$"Oscp:Peers:{VectorPeerId}:Inbound:ClientSecretHashes:0"] = SecretHash.Compute(VectorInboundSecret);
            settings["Oscp:Tokens:Issuer"] = Issuer;
            settings["Oscp:Tokens:Audience"] = Audience;
            settings["Oscp:Tokens:SigningKeys:0:Kid"] = SigningKid;
            settings["Oscp:Tokens:SigningKeys:0:PrivateKeyPem"] = SigningKeyPem;
            settings[$"Oscp:Clients:{OperatorClient}:SecretHashes:0"] = SecretHash.Compute(OperatorSecret);
            settings[$"Oscp:Clients:{OperatorClient}:Scopes:0"] = "operator";
            for (var i = 0; i < CsmsClients.Count; i++)
            {
                settings[$"Oscp:Clients:{CsmsClients[i]}:SecretHashes:0"] = SecretHash.Compute(CsmsSecrets[i]);
                settings[$"Oscp:Clients:{CsmsClients[i]}:Scopes:0"] = "csms";
                settings[$"Oscp:Clients:{CsmsClients[i]}:Csms"] = i == 0 ? "main" : "other";
            }
            return settings;
        }
    }

    /// <inheritdoc />
    protected override void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.AddProvider(Logs);
        logging.AddFilter<CapturedLogs>(null, LogLevel.Information);
        logging.AddFilter<CapturedLogs>("OscpFleet", LogLevel.Debug);
    }

    /// <summary>A token from our gateway for a client (body credentials).</summary>
    public async Task<string> TokenAsync(string clientId, string secret)
    {
        using var response = await Gateway.Http.PostAsync("/oauth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        }));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"token request for {clientId} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client to the gateway with the operator's bearer token.</summary>
    public async Task<HttpClient> OperatorAsync()
    {
        var http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = Patience };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(OperatorClient, OperatorSecret));
        return http;
    }

    /// <summary>Onboards (or changes) a site through the operator API and fails unless it is accepted.</summary>
    public async Task PutSiteAsync(HttpClient operatorHttp, string groupId, string body)
    {
        using var response = await operatorHttp.PutAsync($"/api/v1/sites/{groupId}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"PUT site {groupId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Reads JSON from the operator API.</summary>
    public static Task<JsonElement> GetJsonAsync(HttpClient http, string path) => http.GetFromJsonAsync<JsonElement>(path);

    private string StorageAccountKey()
    {
        var part = Storage.ConnectionString.Split(';').Single(p => p.StartsWith("AccountKey=", StringComparison.Ordinal));
        return part["AccountKey=".Length..];
    }
}
