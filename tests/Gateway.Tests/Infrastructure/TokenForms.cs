using System.Text.Json;

namespace OscpFleet.Gateway.Tests;

/// <summary>Token request bodies and answer parsing shared by the token endpoint tests.</summary>
internal static class TokenForms
{
    public static Dictionary<string, string> ClientCredentials(string? clientId = null, string? secret = null, string? scope = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
        if (clientId is not null) form["client_id"] = clientId;
        if (secret is not null) form["client_secret"] = secret;
        if (scope is not null) form["scope"] = scope;
        return form;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
