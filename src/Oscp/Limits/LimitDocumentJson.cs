using System.Text.Json;

namespace OscpFleet.Oscp.Limits;

/// <summary>
/// The one way a <see cref="LimitDocument"/> becomes JSON and back — for the webhook body, the
/// limits API and the CSMS simulator alike (rules: <see cref="LimitDocumentJsonContext"/>).
/// </summary>
public static class LimitDocumentJson
{
    /// <summary>The document as UTF-8 JSON (the webhook body, which is also what gets signed).</summary>
    public static byte[] Serialize(LimitDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.SerializeToUtf8Bytes(document, LimitDocumentJsonContext.Default.LimitDocument);
    }

    /// <summary>The document as a JSON string.</summary>
    public static string SerializeToString(LimitDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return JsonSerializer.Serialize(document, LimitDocumentJsonContext.Default.LimitDocument);
    }

    /// <summary>Reads a document; throws <see cref="JsonException"/> when the JSON does not fit or is <c>null</c>.</summary>
    public static LimitDocument Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, LimitDocumentJsonContext.Default.LimitDocument)
        ?? throw new JsonException("Expected a limit document but found null.");

    /// <summary>Reads a document from a string; throws <see cref="JsonException"/> when it does not fit or is <c>null</c>.</summary>
    public static LimitDocument Deserialize(string json) =>
        JsonSerializer.Deserialize(json, LimitDocumentJsonContext.Default.LimitDocument)
        ?? throw new JsonException("Expected a limit document but found null.");
}
