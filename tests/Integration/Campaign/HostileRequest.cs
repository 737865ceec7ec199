using System.Net.Http.Headers;

namespace OscpFleet.Integration.Campaign;

/// <summary>
/// One request of the hostile-input campaign: which endpoint class it attacks, what was done to the valid sample
/// (<see cref="Mutations"/>, enough to reproduce it with the seed and index), and the request itself.
/// </summary>
public sealed class HostileRequest
{
    /// <summary>The endpoint class: OSCP messages, operator API, CSMS API, token form, CSV import.</summary>
    public required string EndpointClass { get; init; }

    /// <summary>The route attacked (method and pattern).</summary>
    public required string Route { get; init; }

    /// <summary>The method sent.</summary>
    public required string Method { get; set; }

    /// <summary>The path and query sent (already escaped where the attack wants it escaped).</summary>
    public required string PathAndQuery { get; set; }

    /// <summary>The body bytes, or null for none.</summary>
    public byte[]? Body { get; set; }

    /// <summary>The Content-Type header value as sent (null: no header), possibly hostile.</summary>
    public string? ContentType { get; set; }

    /// <summary>Headers sent as they are (duplicates allowed).</summary>
    public List<(string Name, string Value)> Headers { get; } = [];

    /// <summary>The Authorization header; null for none.</summary>
    public AuthenticationHeaderValue? Authorization { get; set; }

    /// <summary>True for a token request: sent from its own loopback source address (the endpoint is rate-limited per address).</summary>
    public bool IsTokenRequest { get; init; }

    /// <summary>What was done, in order.</summary>
    public List<string> Mutations { get; } = [];

    /// <summary>Reproduction text: route, path, mutations and the first bytes of the body.</summary>
    public override string ToString()
    {
        var body = Body is null ? "(no body)" : Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 160)));
        var path = PathAndQuery.Length > 200 ? PathAndQuery[..200] + "…" : PathAndQuery;
        return $"{Method} {path} [{EndpointClass}; {string.Join("; ", Mutations)}] content-type={ContentType ?? "(none)"} body({Body?.Length ?? 0})={body}";
    }
}
