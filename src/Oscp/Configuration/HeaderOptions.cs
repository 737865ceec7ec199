namespace OscpFleet.Oscp.Configuration;

/// <summary>A static outbound header. The value may be a secret (an API key) and is never logged.</summary>
public sealed class HeaderOptions
{
    /// <summary>Header name, e.g. <c>fp-id</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Header value.</summary>
    public string? Value { get; set; }
}
