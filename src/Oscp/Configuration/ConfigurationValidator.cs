using System.Security.Cryptography;
using OscpFleet.Oscp.Profiles;

namespace OscpFleet.Oscp.Configuration;

/// <summary>
/// Checks the configuration model and names every offending key (<c>Oscp:Peers:vector_test:BaseUrl: is required</c>),
/// so start-up fails with a message an operator can act on. Never echoes a secret value.
/// </summary>
public static class ConfigurationValidator
{
    private static readonly string[] ReservedHeaders = ["X-Request-ID", "X-Correlation-ID", "Authorization", "Content-Type", "Content-Length", "Host"];

    /// <summary>The largest storm-control cap (<c>MaxInFlight</c>) accepted: past it the cap no longer protects anything.</summary>
    public const int MaxInFlightBound = 1000;

    /// <summary>
    /// Every problem in the <c>Oscp</c> section for the given scope. <paramref name="requireHttps"/> (Production): every
    /// peer URL and our public base URL must be https, unless the peer sets <c>AllowHttp</c>.
    /// </summary>
    public static IReadOnlyList<string> Validate(OscpOptions options, ConfigurationScope scope, bool requireHttps = false)
    {
        var errors = new List<string>();
        foreach (var (peerId, peer) in options.Peers)
        {
            var key = $"{OscpOptions.Section}:Peers:{peerId}";
            ValidatePeer(key, peerId, peer, scope, errors);
            if (requireHttps && !peer.AllowHttp)
            {
                RequireHttps($"{key}:BaseUrl", peer.BaseUrl, $"{key}:AllowHttp", errors);
                if (scope.HasFlag(ConfigurationScope.Outbound)) RequireHttps($"{key}:TokenUrl", peer.TokenUrl, $"{key}:AllowHttp", errors);
            }
        }
        ValidateRegistration(options, scope, errors);
        if (requireHttps && scope.HasFlag(ConfigurationScope.Outbound)) RequireHttps("Oscp:PublicBaseUrl", options.PublicBaseUrl, optOutKey: null, errors);
        if (options.Compliance.TolerancePercent is < 0 or > 100)
            errors.Add("Oscp:Compliance:TolerancePercent: must be between 0 and 100");
        if (options.Compliance.ApplyAllowanceSeconds < 0)
            errors.Add("Oscp:Compliance:ApplyAllowanceSeconds: must be >= 0");
        if (options.Outbox.MaxMessagesPerSite < 1)
            errors.Add("Oscp:Outbox:MaxMessagesPerSite: must be >= 1");
        if (options.Metering.CloseGraceSeconds is < 0 or > 3600)
            errors.Add("Oscp:Metering:CloseGraceSeconds: must be between 0 and 3600");
        if (options.Journal.RetentionDays is < 1 or > 3650)
            errors.Add("Oscp:Journal:RetentionDays: must be between 1 and 3650");
        if (options.History.RetentionDays is < 1 or > 3650)
            errors.Add("Oscp:History:RetentionDays: must be between 1 and 3650");
        if (options.Metering.MaxReportDelayMinutes is < 0 or > 1440)
            errors.Add("Oscp:Metering:MaxReportDelayMinutes: must be between 0 and 1440");
        if (!double.IsFinite(options.Metering.ResetThresholdWh) || options.Metering.ResetThresholdWh < 0)
            errors.Add("Oscp:Metering:ResetThresholdWh: must be a number >= 0");
        if (!double.IsFinite(options.Metering.RatedPowerTolerancePercent) || options.Metering.RatedPowerTolerancePercent is < 0 or > 1000)
            errors.Add("Oscp:Metering:RatedPowerTolerancePercent: must be between 0 and 1000");
        if (scope.HasFlag(ConfigurationScope.Inbound))
        {
            if (options.MaxBodyBytes < OscpOptions.DefaultMaxBodyBytes)
                errors.Add($"Oscp:MaxBodyBytes: must be >= {OscpOptions.DefaultMaxBodyBytes}");
            // Tokens are only issued to vector peers and API clients; a gateway with neither needs no signing key.
            if (options.Clients.Count > 0 || options.Peers.Values.Any(p => p.Profile == PeerProfile.Vector))
                ValidateTokens(options.Tokens, errors);
            ValidateClients(options, errors);
        }
        return errors;
    }

    /// <summary>
    /// Every <c>csms</c> client whose <c>Csms</c> names no configured CSMS endpoint (the gateway checks this: such a
    /// client could act on no site, which is a typo rather than an intent).
    /// </summary>
    public static IReadOnlyList<string> ValidateCsmsBindings(OscpOptions options, CsmsOptions csms)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(csms);
        var errors = new List<string>();
        foreach (var (clientId, client) in options.Clients)
        {
            if (client.Csms is { Length: > 0 } name && name != ApiClientOptions.EveryCsms && Identifiers.IsValidPeerId(name) && !csms.Endpoints.ContainsKey(name))
                errors.Add($"Oscp:Clients:{clientId}:Csms: names no configured CSMS endpoint (Csms:Endpoints:{name})");
        }
        return errors;
    }

    /// <summary>Every problem in the <c>Csms</c> section; with <paramref name="requireHttps"/> (Production) every URL must be https unless its endpoint sets <c>AllowHttp</c>.</summary>
    public static IReadOnlyList<string> Validate(CsmsOptions options, bool requireHttps = false)
    {
        var errors = new List<string>();
        foreach (var (name, endpoint) in options.Endpoints)
        {
            var key = $"{CsmsOptions.Section}:Endpoints:{name}";
            if (!Identifiers.IsValidPeerId(name))
                errors.Add($"{key}: the endpoint name must be letters, digits and '_', 1-32 characters");
            RequireUrl($"{key}:Url", endpoint.Url, errors);
            if (requireHttps && !endpoint.AllowHttp) RequireHttps($"{key}:Url", endpoint.Url, $"{key}:AllowHttp", errors);
            if (endpoint.Secrets.Count == 0)
                errors.Add($"{key}:Secrets: at least one HMAC secret is required");
            if (endpoint.MaxInFlight is < 1 or > MaxInFlightBound)
                errors.Add($"{key}:MaxInFlight: must be between 1 and {MaxInFlightBound}");
            for (var i = 0; i < endpoint.Secrets.Count; i++)
            {
                if ((endpoint.Secrets[i]?.Length ?? 0) < SecretHash.MinimumSecretLength)
                    errors.Add($"{key}:Secrets:{i}: must be at least {SecretHash.MinimumSecretLength} characters");
            }
        }
        return errors;
    }

    private static void ValidatePeer(string key, string peerId, PeerOptions peer, ConfigurationScope scope, List<string> errors)
    {
        if (!Identifiers.IsValidPeerId(peerId))
            errors.Add($"{key}: the peer id must be letters, digits and '_', 1-32 characters");
        if (peer.Profile is null)
            errors.Add($"{key}:Profile: is required (vector | oscp)");
        RequireUrl($"{key}:BaseUrl", peer.BaseUrl, errors);
        foreach (var (message, path) in peer.Paths)
        {
            if (string.IsNullOrWhiteSpace(path) || !path.StartsWith('/'))
                errors.Add($"{key}:Paths:{message}: must be an absolute path starting with '/'");
        }
        for (var i = 0; i < peer.Headers.Count; i++)
        {
            var header = peer.Headers[i];
            if (string.IsNullOrWhiteSpace(header.Name) || header.Name.Any(c => c <= ' ' || c == ':' || c > '~'))
                errors.Add($"{key}:Headers:{i}:Name: must be a valid HTTP header name");
            else if (ReservedHeaders.Contains(header.Name, StringComparer.OrdinalIgnoreCase))
                errors.Add($"{key}:Headers:{i}:Name: {header.Name} is set by OscpFleet itself and cannot be configured");
            // Only the silo sends these headers; the gateway is never given their values (often CP credentials).
            if (string.IsNullOrEmpty(header.Value) && scope.HasFlag(ConfigurationScope.Outbound))
                errors.Add($"{key}:Headers:{i}:Value: is required");
        }
        if (peer.HeartbeatIntervalSeconds < 1)
            errors.Add($"{key}:HeartbeatIntervalSeconds: must be >= 1");
        if (peer.FirstHeartbeatGraceSeconds is < 0 or > 86400)
            errors.Add($"{key}:FirstHeartbeatGraceSeconds: must be between 0 and 86400");
        if (peer.NotConnectedStatuses.Any(s => s is < 400 or > 599))
            errors.Add($"{key}:NotConnectedStatuses: every status must be between 400 and 599");
        if (peer.ReportPeriodMinutes < 1 || 1440 % peer.ReportPeriodMinutes != 0)
            errors.Add($"{key}:ReportPeriodMinutes: must divide a day (e.g. 5, 15, 30, 60)");
        else if (peer.ReportSpreadSeconds < 0 || peer.ReportSpreadSeconds >= peer.ReportPeriodMinutes * 60)
            errors.Add($"{key}:ReportSpreadSeconds: must be >= 0 and shorter than the report period");
        if (peer.MaxInFlight is < 1 or > MaxInFlightBound)
            errors.Add($"{key}:MaxInFlight: must be between 1 and {MaxInFlightBound}");

        if (scope.HasFlag(ConfigurationScope.Outbound))
        {
            if (peer.Profile == PeerProfile.Vector)
            {
                RequireUrl($"{key}:TokenUrl", peer.TokenUrl, errors);
                Require($"{key}:ClientId", peer.ClientId, errors);
                Require($"{key}:ClientSecret", peer.ClientSecret, errors);
                // Never echo either value: a mistyped key could have put a secret there.
                if (!PeerOptions.IsValidTokenAuthStyle(peer.TokenAuthStyle))
                    errors.Add($"{key}:TokenAuthStyle: must be {PeerOptions.TokenAuthStyleBody} or {PeerOptions.TokenAuthStyleBasic}");
                if (!string.IsNullOrEmpty(peer.TokenScope) && !Identifiers.IsValidOAuthScope(peer.TokenScope))
                    errors.Add($"{key}:TokenScope: must be scope tokens separated by single spaces (RFC 6749 §3.3: printable ASCII except '\"' and '\\')");
            }
            else if (peer.Profile == PeerProfile.Oscp && peer.UsesRegister())
            {
                // The CP's token comes with its Register; ours to start with is the bootstrap token.
                if (peer.Register.Initiate) Require($"{key}:Register:BootstrapToken", peer.Register.BootstrapToken, errors);
            }
            else if (peer.Profile == PeerProfile.Oscp)
            {
                Require($"{key}:Token", peer.Token, errors);
            }
        }
        if (scope.HasFlag(ConfigurationScope.Inbound))
        {
            if (peer.Profile == PeerProfile.Vector)
            {
                if (!Identifiers.IsValidPeerId(peer.Inbound.ClientId))
                    errors.Add($"{key}:Inbound:ClientId: is required (letters, digits and '_', 1-32 characters)");
                RequireHashes($"{key}:Inbound:ClientSecretHashes", peer.Inbound.ClientSecretHashes, errors);
            }
            else if (peer.Profile == PeerProfile.Oscp && peer.UsesRegister())
            {
                // A registered CP's token is the one we issue; a configured one could not be revoked by DELETE.
                if (peer.Inbound.TokenHashes.Count > 0)
                    errors.Add($"{key}:Inbound:TokenHashes: must be empty when the peer uses Register (its token is issued at registration)");
                for (var i = 0; i < peer.Inbound.BootstrapTokenHashes.Count; i++)
                {
                    if (!SecretHash.IsWellFormed(peer.Inbound.BootstrapTokenHashes[i]))
                        errors.Add($"{key}:Inbound:BootstrapTokenHashes:{i}: must be sha256:<64 lower-case hex digits>");
                }
            }
            else if (peer.Profile == PeerProfile.Oscp)
            {
                RequireHashes($"{key}:Inbound:TokenHashes", peer.Inbound.TokenHashes, errors);
            }
        }
    }

    // Register needs our public base URL (it goes into our Register) and, in the silo, the keys that encrypt the CPs'
    // tokens at rest; only then, so a deployment without Register needs neither.
    private static void ValidateRegistration(OscpOptions options, ConfigurationScope scope, List<string> errors)
    {
        var users = options.Peers.Where(p => p.Value.UsesRegister()).Select(p => p.Key).ToList();
        if (users.Count == 0 || !scope.HasFlag(ConfigurationScope.Outbound)) return;
        var because = $"required because peer '{users[0]}' uses Register";
        if (string.IsNullOrWhiteSpace(options.PublicBaseUrl))
            errors.Add($"Oscp:PublicBaseUrl: is {because}");
        else
            RequireUrl("Oscp:PublicBaseUrl", options.PublicBaseUrl, errors);
        var keys = options.Registration.EncryptionKeys;
        if (keys.Count == 0)
            errors.Add($"Oscp:Registration:EncryptionKeys: at least one key (base64 of 32 bytes) is {because}");
        for (var i = 0; i < keys.Count; i++)
        {
            if (Registration.TokenProtector.TryParseKey(keys[i]) is null)
                errors.Add($"Oscp:Registration:EncryptionKeys:{i}: must be base64 of 32 random bytes (AES-256)");
        }
    }

    private static void ValidateTokens(TokenOptions tokens, List<string> errors)
    {
        Require("Oscp:Tokens:Issuer", tokens.Issuer, errors);
        Require("Oscp:Tokens:Audience", tokens.Audience, errors);
        if (tokens.LifetimeSeconds is < 60 or > 86_400)
            errors.Add("Oscp:Tokens:LifetimeSeconds: must be between 60 and 86400");
        if (tokens.SigningKeys.Count == 0)
            errors.Add("Oscp:Tokens:SigningKeys: at least one ES256 signing key is required");
        var kids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tokens.SigningKeys.Count; i++)
        {
            var key = tokens.SigningKeys[i];
            if (string.IsNullOrWhiteSpace(key.Kid))
                errors.Add($"Oscp:Tokens:SigningKeys:{i}:Kid: is required");
            else if (!kids.Add(key.Kid))
                errors.Add($"Oscp:Tokens:SigningKeys:{i}:Kid: '{key.Kid}' is used by another key");
            if (!IsP256PrivateKey(key.PrivateKeyPem))
                errors.Add($"Oscp:Tokens:SigningKeys:{i}:PrivateKeyPem: must be the PEM of a P-256 (ES256) private key");
        }
    }

    private static void ValidateClients(OscpOptions options, List<string> errors)
    {
        var inboundIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (clientId, client) in options.Clients)
        {
            var key = $"Oscp:Clients:{clientId}";
            if (!Identifiers.IsValidPeerId(clientId))
                errors.Add($"{key}: the client id must be letters, digits and '_', 1-32 characters");
            inboundIds.Add(clientId);
            RequireHashes($"{key}:SecretHashes", client.SecretHashes, errors);
            if (client.Scopes.Count == 0)
                errors.Add($"{key}:Scopes: at least one scope is required (operator | csms)");
            foreach (var scope in client.Scopes.Where(s => s is not ApiClientOptions.OperatorScope and not ApiClientOptions.CsmsScope))
                errors.Add($"{key}:Scopes: unknown scope '{scope}' (operator | csms)");
            ValidateCsmsBinding(key, client, errors);
        }
        var tokenOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (peerId, peer) in options.Peers)
        {
            if (peer.Profile == PeerProfile.Vector && peer.Inbound.ClientId is { } id && !inboundIds.Add(id))
                errors.Add($"Oscp:Peers:{peerId}:Inbound:ClientId: '{id}' is already used by another client or peer");
            if (peer.Profile != PeerProfile.Oscp) continue;
            for (var i = 0; i < peer.Inbound.BootstrapTokenHashes.Count; i++)
            {
                if (!tokenOwners.TryAdd(peer.Inbound.BootstrapTokenHashes[i], peerId))
                    errors.Add($"Oscp:Peers:{peerId}:Inbound:BootstrapTokenHashes:{i}: the same token is configured for peer '{tokenOwners[peer.Inbound.BootstrapTokenHashes[i]]}'");
            }
            for (var i = 0; i < peer.Inbound.TokenHashes.Count; i++)
            {
                // A token must identify exactly one peer: the same hash on two peers would make it ambiguous.
                if (!tokenOwners.TryAdd(peer.Inbound.TokenHashes[i], peerId))
                    errors.Add($"Oscp:Peers:{peerId}:Inbound:TokenHashes:{i}: the same token is configured for peer '{tokenOwners[peer.Inbound.TokenHashes[i]]}'");
            }
        }
    }

    // A csms client without a binding could act on every site of every CSMS: it must say which CSMS it speaks for, or
    // '*' to be fleet-wide on purpose. An operator client is fleet-wide anyway, so it needs no binding.
    private static void ValidateCsmsBinding(string key, ApiClientOptions client, List<string> errors)
    {
        var csms = client.Csms;
        if (csms is null || csms.Length == 0)
        {
            if (client.Scopes.Contains(ApiClientOptions.CsmsScope) && !client.Scopes.Contains(ApiClientOptions.OperatorScope))
                errors.Add($"{key}:Csms: is required for a client with the csms scope (the CSMS endpoint name it speaks for, or '*' for every site)");
            return;
        }
        if (csms != ApiClientOptions.EveryCsms && !Identifiers.IsValidPeerId(csms))
            errors.Add($"{key}:Csms: must be a CSMS endpoint name (letters, digits and '_', 1-32 characters) or '*'");
    }

    private static bool IsP256PrivateKey(string? pem)
    {
        if (string.IsNullOrWhiteSpace(pem)) return false;
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            return ecdsa.KeySize == 256 && ecdsa.ExportParameters(includePrivateParameters: true).D is not null;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            return false;
        }
    }

    private static void Require(string key, string? value, List<string> errors) => OptionChecks.Require(key, value, errors);

    private static void RequireUrl(string key, string? value, List<string> errors) => OptionChecks.RequireUrl(key, value, errors);

    // Only a URL that is otherwise valid is judged here: a missing or malformed one already has its own error.
    private static void RequireHttps(string key, string? value, string? optOutKey, List<string> errors)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp) return;
        errors.Add(optOutKey is null
            ? $"{key}: must be an https URL in Production"
            : $"{key}: must be an https URL in Production (set {optOutKey}=true only for a test rig)");
    }

    private static void RequireHashes(string key, List<string> hashes, List<string> errors)
    {
        if (hashes.Count == 0) errors.Add($"{key}: at least one sha256:<hex> hash is required");
        for (var i = 0; i < hashes.Count; i++)
        {
            if (!SecretHash.IsWellFormed(hashes[i]))
                errors.Add($"{key}:{i}: must be sha256:<64 lower-case hex digits>");
        }
    }
}
