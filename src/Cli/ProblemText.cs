using System.Text.Json;

namespace OscpFleet.Cli;

/// <summary>The text of a refusal: a ProblemDetails' title, detail and every <c>errors</c> entry, or the body's start.</summary>
public static class ProblemText
{
    private const int MaxLength = 2000;

    /// <summary>Reads the refusal's body and summarizes it.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(response);
        var body = await response.Content.ReadAsStringAsync(cancellation);
        var text = Summarize(body);
        return string.IsNullOrEmpty(text) ? response.ReasonPhrase ?? "" : text;
    }

    /// <summary>
    /// <c>title: detail</c> then one indented line per error for a problem body (RFC 9457, with <c>errors</c> as a list or
    /// a map of lists), <c>error: error_description</c> for an OAuth error, the message and errors of an OSCP error, else the
    /// body itself, cut at 2,000 characters.
    /// </summary>
    public static string Summarize(string? body)
    {
        if (string.IsNullOrWhiteSpace(body)) return "";
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var head = string.Join(": ", new[] { Text(root, "title"), Text(root, "detail"), Text(root, "error"), Text(root, "error_description"), Text(root, "message") }
                    .Where(s => !string.IsNullOrEmpty(s)));
                var lines = new List<string>();
                if (head.Length > 0) lines.Add(head);
                if (root.TryGetProperty("errors", out var errors)) lines.AddRange(Errors(errors).Select(e => "  " + e));
                if (lines.Count > 0) return Cut(string.Join(Environment.NewLine, lines));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself.
        }
        return Cut(body.Trim());
    }

    private static IEnumerable<string> Errors(JsonElement errors) => errors.ValueKind switch
    {
        JsonValueKind.Array => errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText()),
        JsonValueKind.Object => errors.EnumerateObject().SelectMany(p => p.Value.ValueKind == JsonValueKind.Array
            ? p.Value.EnumerateArray().Select(e => $"{p.Name}: {(e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText())}")
            : [$"{p.Name}: {p.Value}"]),
        _ => [errors.ToString()],
    };

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Cut(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength), "…");
}
